#include "alembic/module_scope.hpp"

namespace miglint::alembic {
namespace {

constexpr int k_max_depth = 32;

void bind_import(Node statement, const Evaluator& eval, Scope& scope) {
    const auto source = eval.source();
    if (statement.is("import_statement")) {
        for (const Node name : statement.field_children("name")) {
            if (name.is("aliased_import")) {
                scope.bind(std::string(name.field("alias").text(source)), Value::module_path(std::string(name.field("name").text(source))));
            } else if (name.is("dotted_name")) {
                // `import a.b.c` binds `a`.
                const std::string dotted(name.text(source));
                const std::string first = dotted.substr(0, dotted.find('.'));
                scope.bind(first, Value::module_path(first));
            }
        }
        return;
    }
    const std::string module(statement.field("module_name").text(source));
    for (const Node name : statement.field_children("name")) {
        if (name.is("aliased_import")) {
            scope.bind(std::string(name.field("alias").text(source)),
                       Value::module_path(module + "." + std::string(name.field("name").text(source))));
        } else if (name.is("dotted_name")) {
            const std::string member(name.text(source));
            scope.bind(member, Value::module_path(module + "." + member));
        }
    }
}

void read_statements(Node block, const Evaluator& eval, ModuleLevel& out, bool conditional, int depth);

void read_statement(Node statement, const Evaluator& eval, ModuleLevel& out, bool conditional, int depth) {
    const auto type = statement.type();
    const auto source = eval.source();
    if (type == "import_statement" || type == "import_from_statement") {
        bind_import(statement, eval, out.scope);
    } else if (type == "expression_statement") {
        for (const Node child : statement.named_children()) {
            if (!child.is("assignment")) continue;
            const Node left = child.field("left");
            const Node right = child.field("right");
            if (!left.is("identifier") || !right) continue;
            const std::string name(left.text(source));
            out.assignments.insert_or_assign(name, child);
            Value value = eval.evaluate(right, out.scope);
            if (value.is(Value::Kind::unknown) && value.reason.empty() && (right.is("call") || right.is("subscript"))) {
                value = Value::of_kind(Value::Kind::expression);
                value.node = right;
            }
            out.scope.bind(name, conditional ? Value::unknown() : value);
        }
    } else if (type == "function_definition") {
        const std::string name(statement.field("name").text(source));
        Value function = Value::of_kind(Value::Kind::function);
        function.node = statement;
        out.scope.bind(name, function);
        if (!conditional) out.functions.insert_or_assign(name, statement);
    } else if (type == "decorated_definition") {
        read_statement(statement.field("definition"), eval, out, conditional, depth + 1);
    } else if (type == "if_statement" || type == "try_statement" || type == "block" || type == "else_clause" ||
               type == "elif_clause" || type == "except_clause" || type == "finally_clause") {
        read_statements(statement, eval, out, true, depth + 1);
    } else if (type == "ERROR") {
        read_statements(statement, eval, out, conditional, depth + 1);
    }
}

void read_statements(Node block, const Evaluator& eval, ModuleLevel& out, bool conditional, int depth) {
    if (depth > k_max_depth) return;
    for (const Node statement : block.named_children()) read_statement(statement, eval, out, conditional, depth);
}

}  // namespace

void read_module(Node module, const Evaluator& eval, ModuleLevel& out) {
    const auto statements = module.named_children();
    for (const Node statement : statements) {
        if (statement.is("comment")) continue;
        if (statement.is("expression_statement") && statement.named_child_count() == 1 &&
            statement.named_child(0).is("string")) {
            out.docstring = statement.named_child(0);
        }
        break;
    }
    read_statements(module, eval, out, false, 0);
}

}  // namespace miglint::alembic

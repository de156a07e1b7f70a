#include "alembic/dialect_branch.hpp"

#include "alembic/alembic_ini.hpp"
#include "alembic/call_args.hpp"
#include "alembic/python_string.hpp"

namespace miglint::alembic {
namespace {

// How deep dialect tests nest (`not`, brackets, helpers calling helpers).
constexpr int k_max_depth = 8;

// The expression `call` evaluates to when it calls, without arguments, a
// function `scope` binds whose body binds names and returns one expression
// (`def is_postgres(): return op.get_context().dialect.name == "postgresql"`);
// a null node for any other call, or a body that branches, loops or returns twice.
Node helper_result(Node call, std::string_view source, const Scope& scope) {
    if (!call.is("call") || !call.field("function").is("identifier")) return {};
    const CallArgs args = call_args(call, source);
    if (!args.positional.empty() || !args.keywords.empty() || args.has_splat) return {};
    const Value* function = scope.find(call.field("function").text(source));
    if (function == nullptr || !function->is(Value::Kind::function)) return {};
    Node result;
    for (const Node statement : function->node.field("body").named_children()) {
        if (result) return {};  // something after the return
        if (statement.is("comment")) continue;
        if (statement.is("return_statement")) {
            result = statement.named_child(0);
            if (!result) return {};
            continue;
        }
        if (!statement.is("expression_statement")) return {};
        for (const Node part : statement.named_children()) {
            if (!part.is("assignment") && !part.is("string")) return {};  // a binding or the docstring
        }
    }
    return result;
}

// The expression names the database's dialect: `bind.dialect.name`,
// `op.get_context().dialect.name`, `bind.engine.name`, `engine.dialect.name`,
// or a call of a helper that returns one.
bool names_dialect(Node expr, std::string_view source, const Scope& scope, int depth) {
    if (depth > k_max_depth) return false;
    if (const Node result = helper_result(expr, source, scope)) return names_dialect(result, source, scope, depth + 1);
    const auto text = expr.text(source);
    return text.ends_with("dialect.name") || text.ends_with("engine.name") || text.ends_with("bind.name");
}

// The dialect a string literal names ("postgresql", "sqlite"), or empty.
std::string dialect_literal(Node expr, std::string_view source) {
    if (!expr.is("string")) return {};
    const auto decoded = decode_string(expr, source);
    return decoded ? dialect_of_url(decoded->value) : std::string{};
}

}  // namespace

std::optional<bool> true_on_postgres(Node condition, std::string_view source, const Scope& scope, int depth) {
    if (!condition || depth > k_max_depth) return std::nullopt;
    if (condition.is("parenthesized_expression")) {
        return true_on_postgres(condition.named_child(0), source, scope, depth + 1);
    }
    if (condition.is("not_operator")) {
        const auto inner = true_on_postgres(condition.field("argument"), source, scope, depth + 1);
        if (!inner) return std::nullopt;
        return !*inner;
    }
    // `<dialect> == "mysql"`, `!=`, `in ("mysql", "sqlite")`, `not in`.
    if (condition.is("comparison_operator") && condition.named_child_count() == 2) {
        const Node left = condition.named_child(0);
        const Node right = condition.named_child(1);
        const auto op = condition.child(1).text(source);
        if (!names_dialect(left, source, scope, depth + 1)) return std::nullopt;
        bool names_postgres = false;
        if (op == "==" || op == "!=") {
            const auto dialect = dialect_literal(right, source);
            if (dialect.empty()) return std::nullopt;
            names_postgres = dialect == "postgresql";
        } else if ((op == "in" || op == "not in") && (right.is("tuple") || right.is("list") || right.is("set"))) {
            for (const Node item : right.named_children()) {
                const auto dialect = dialect_literal(item, source);
                if (dialect.empty()) return std::nullopt;
                if (dialect == "postgresql") names_postgres = true;
            }
        } else {
            return std::nullopt;
        }
        const bool negated = op == "!=" || op == "not in";
        return names_postgres != negated;
    }
    // `is_postgres()`: the test its body returns.
    if (const Node result = helper_result(condition, source, scope)) return true_on_postgres(result, source, scope, depth + 1);
    // `url.startswith("sqlite")`, `str(bind.url).startswith("postgresql")`.
    if (condition.is("call")) {
        const Node function = condition.field("function");
        if (!function.is("attribute") || function.field("attribute").text(source) != "startswith") return std::nullopt;
        // Only a URL's or dialect's spelling: `name.startswith("mysql")` may be a table's.
        const auto receiver = function.field("object").text(source);
        const bool about_database =
            receiver.find("url") != std::string_view::npos || receiver.find("dialect") != std::string_view::npos ||
            receiver.find("engine") != std::string_view::npos || receiver.find("bind") != std::string_view::npos;
        if (!about_database) return std::nullopt;
        const CallArgs args = call_args(condition, source);
        if (args.positional.size() != 1) return std::nullopt;
        const auto dialect = dialect_literal(args.positional.front(), source);
        if (dialect.empty()) return std::nullopt;
        return dialect == "postgresql";
    }
    return std::nullopt;
}

}  // namespace miglint::alembic

#include "alembic/body_walker.hpp"

#include "alembic/call_args.hpp"
#include "alembic/dialect_branch.hpp"
#include "alembic/op_lowering.hpp"
#include "alembic/sqlalchemy_types.hpp"

#include <algorithm>

namespace miglint::alembic {
namespace {

// Nesting of blocks and expressions, and of helper calls, beyond which the
// walker stops: real migrations stay far below, hostile input cannot recurse.
constexpr int k_max_depth = 48;
constexpr std::size_t k_max_inline = 8;
// Longest literal list a `for` loop is unrolled over.
constexpr std::size_t k_max_unroll = 256;

// The name of an identifier target, or empty.
std::string identifier_of(Node node, std::string_view source) {
    return node.is("identifier") ? std::string(node.text(source)) : std::string{};
}

// The parameter name of a `parameters` child, or empty.
std::string parameter_name(Node param, std::string_view source) {
    if (param.is("identifier")) return std::string(param.text(source));
    if (param.is("typed_parameter")) return identifier_of(param.named_child(0), source);
    if (param.is("default_parameter") || param.is("typed_default_parameter")) {
        return identifier_of(param.field("name"), source);
    }
    return {};
}

// Names that hold the migration's connection in real projects even when the
// assignment is out of sight (a helper's parameter).
bool is_connection_name(std::string_view name) {
    return name == "conn" || name == "connection" || name == "bind";
}

}  // namespace

bool BodyWalker::walk_if(Node statement, Scope& scope, int depth) {
    // A branch on the database's dialect: only what runs on PostgreSQL is PostgreSQL.
    std::vector<std::pair<Node, Node>> branches{{statement.field("condition"), statement.field("consequence")}};
    for (const Node alternative : statement.named_children()) {
        if (alternative.is("elif_clause")) branches.emplace_back(alternative.field("condition"), alternative.field("consequence"));
        if (alternative.is("else_clause")) branches.emplace_back(Node{}, alternative.field("body"));
    }
    bool reached_for_sure = true;  // every condition before this branch is false on PostgreSQL
    for (const auto& [condition, block] : branches) {
        const auto on_postgres = condition ? true_on_postgres(condition, m_eval.source(), scope) : std::optional<bool>(true);
        if (on_postgres && !*on_postgres) continue;
        if (on_postgres && reached_for_sure) {
            // PostgreSQL runs this branch: what it binds holds afterwards (`if dialect.name ==
            // "postgresql": TRUE = "TRUE"`), and a `return` in it ends the block.
            return walk_block(block, scope, depth + 1);
        }
        walk_branch(block, scope, depth);
        if (on_postgres) return true;  // taken on PostgreSQL when reached: later branches are not
        reached_for_sure = false;
    }
    return true;
}

void BodyWalker::walk_function(Node function) { walk_function_with(function, {}, {}); }

void BodyWalker::walk_function_with(Node function, const std::vector<Value>& positional,
                                    const std::vector<std::pair<std::string, Value>>& keywords) {
    if (!function.is("function_definition")) return;
    Scope scope(&m_module);
    const auto source = m_eval.source();
    std::size_t index = 0;
    for (const Node param : function.field("parameters").named_children()) {
        const std::string name = parameter_name(param, source);
        if (name.empty()) continue;
        Value value;
        const auto keyword = std::find_if(keywords.begin(), keywords.end(), [&](const auto& kw) { return kw.first == name; });
        if (index < positional.size()) {
            value = positional[index];
        } else if (keyword != keywords.end()) {
            value = keyword->second;
        } else if (const Node fallback = param.field("value")) {
            value = m_eval.evaluate(fallback, m_module);
        } else if (name == "op") {
            value = Value::module_path("alembic.op");
        } else if (is_connection_name(name)) {
            value = Value::of_kind(Value::Kind::connection);
        }
        ++index;
        scope.bind(name, std::move(value));
    }
    walk_block(function.field("body"), scope, 0);
}

bool BodyWalker::walk_block(Node block, Scope& scope, int depth) {
    if (depth > k_max_depth) return true;
    for (const Node statement : block.named_children()) {
        if (!walk_statement(statement, scope, depth)) return false;
    }
    return true;
}

void BodyWalker::walk_branch(Node block, Scope& scope, int depth) {
    // Names bound in a branch that may not run are unknown after it.
    Scope branch(&scope);
    walk_block(block, branch, depth + 1);
    for (const auto& name : branch.own_names()) scope.bind(name, Value::unknown());
}

bool BodyWalker::walk_statement(Node statement, Scope& scope, int depth) {
    const auto type = statement.type();
    if (type == "expression_statement") {
        for (const Node child : statement.named_children()) {
            if (child.is("assignment")) {
                walk_assignment(child, scope, depth);
            } else {
                visit_expression(child, scope, depth);
            }
        }
    } else if (type == "with_statement") {
        walk_with(statement, scope, depth);
    } else if (type == "for_statement") {
        walk_for(statement, scope, depth);
    } else if (type == "if_statement") {
        return walk_if(statement, scope, depth);
    } else if (type == "try_statement") {
        walk_branch(statement.field("body"), scope, depth);
        for (const Node clause : statement.named_children()) {
            for (const Node part : clause.named_children()) {
                if (part.is("block")) walk_branch(part, scope, depth);
            }
        }
    } else if (type == "while_statement") {
        walk_branch(statement.field("body"), scope, depth);
    } else if (type == "function_definition") {
        Value function = Value::of_kind(Value::Kind::function);
        function.node = statement;
        scope.bind(std::string(m_eval.text(statement.field("name"))), std::move(function));
    } else if (type == "decorated_definition") {
        return walk_statement(statement.field("definition"), scope, depth);
    } else if (type == "return_statement") {
        visit_expression(statement.named_child(0), scope, depth);
        return false;
    } else if (type == "block") {
        return walk_block(statement, scope, depth + 1);
    } else if (type == "ERROR") {
        // tree-sitter wraps what it could not place; the calls inside still count.
        for (const Node child : statement.named_children()) {
            if (!walk_statement(child, scope, depth + 1)) return false;
        }
    } else if (type == "call" || type == "assignment") {
        if (type == "assignment") {
            walk_assignment(statement, scope, depth);
        } else {
            visit_expression(statement, scope, depth);
        }
    }
    return true;
}

void BodyWalker::walk_assignment(Node assignment, Scope& scope, int depth) {
    const Node right = assignment.field("right");
    if (!right || depth > k_max_depth) return;  // a bare annotation (`x: int`), or `a = b = ...` chained too far
    if (right.is("assignment")) {
        walk_assignment(right, scope, depth + 1);
        bind_target(assignment.field("left"), Value::unknown(), scope);
        return;
    }
    visit_expression(right, scope, depth);
    Value value = m_eval.evaluate(right, scope);
    // Kept for what reads the expression later (an ENUM(...), a table from metadata.tables["t"]).
    if (value.is(Value::Kind::unknown) && value.reason.empty() && (right.is("call") || right.is("subscript"))) {
        value = Value::of_kind(Value::Kind::expression);
        value.node = right;
    }
    bind_target(assignment.field("left"), value, scope);
}

void BodyWalker::bind_target(Node target, const Value& value, Scope& scope, int depth) {
    if (depth > k_max_depth) return;  // `((((a,),),),) = ...`: nothing real nests so deep
    const auto source = m_eval.source();
    if (target.is("identifier")) {
        scope.bind(std::string(target.text(source)), value);
        return;
    }
    if (target.is("pattern_list") || target.is("tuple_pattern") || target.is("list_pattern")) {
        const auto targets = target.named_children();
        const bool unpack = value.is(Value::Kind::sequence) && value.items.size() == targets.size();
        for (std::size_t i = 0; i < targets.size(); ++i) {
            bind_target(targets[i], unpack ? value.items[i] : Value::unknown(), scope, depth + 1);
        }
    }
}

void BodyWalker::walk_with(Node statement, Scope& scope, int depth) {
    const bool outer_autocommit = m_out.autocommit();
    Node clause;
    for (const Node child : statement.named_children()) {
        if (child.is("with_clause")) clause = child;
    }
    for (const Node item : clause.named_children()) {
        Node value = item.field("value");
        Node alias;
        if (value.is("as_pattern")) {
            alias = value.field("alias").named_child(0);
            value = value.named_child(0);
        }
        if (!value.is("call")) continue;
        const Node function = value.field("function");
        const auto method = m_eval.text(function.field("attribute"));
        const auto path = m_eval.path_of(function, scope);
        if (method == "autocommit_block") {
            m_out.set_autocommit(true);
        } else if (path && member_of(*path, "alembic") == "batch_alter_table") {
            const CallArgs args = call_args(value, m_eval.source());
            const BoundArgs bound = bind_args(args, {"table_name", "schema", "recreate"});
            Value batch = Value::of_kind(Value::Kind::batch);
            batch.node = value;
            batch.table.name = bound.has("table_name") ? m_eval.string_of(bound.get("table_name"), scope).value_or("") : "";
            batch.table.schema = bound.has("schema") ? m_eval.string_of(bound.get("schema"), scope).value_or("") : "";
            if (alias) bind_target(alias, batch, scope);
            if (bound.has("recreate") && m_eval.string_of(bound.get("recreate"), scope).value_or("") == "always") {
                // recreate="always" copies the table even on PostgreSQL.
                m_out.begin_statement();
                m_out.emit(Other{"op.batch_alter_table(recreate=\"always\")"}, value.span());
            }
        } else {
            visit_expression(value, scope, depth);
            if (alias) {
                Value bound = m_eval.evaluate(value, scope);
                bind_target(alias, bound, scope);
            }
        }
    }
    walk_block(statement.field("body"), scope, depth + 1);
    m_out.set_autocommit(outer_autocommit);
}

void BodyWalker::walk_for(Node statement, Scope& scope, int depth) {
    const Node target = statement.field("left");
    const Value over = m_eval.evaluate(statement.field("right"), scope);
    Scope loop(&scope);
    if (over.is(Value::Kind::sequence) && over.items.size() <= k_max_unroll) {
        for (const auto& item : over.items) {
            bind_target(target, item, loop);
            if (!walk_block(statement.field("body"), loop, depth + 1)) break;
        }
    } else {
        // Not a literal list: the body runs some number of times with
        // values miglint does not know; lower it once, names unknown.
        bind_target(target, Value::unknown(), loop);
        walk_block(statement.field("body"), loop, depth + 1);
    }
    for (const auto& name : loop.own_names()) scope.bind(name, Value::unknown());
}

void BodyWalker::visit_expression(Node expr, Scope& scope, int depth) {
    if (!expr || depth > k_max_depth) return;
    if (expr.is("call") && lower_call(expr, scope, depth)) return;
    if (expr.is("lambda") || expr.is("string") || expr.is("concatenated_string")) return;
    for (const Node child : expr.named_children()) visit_expression(child, scope, depth + 1);
}

bool BodyWalker::lower_call(Node call, Scope& scope, int depth) {
    const Node function = call.field("function");
    if (function.is("identifier")) {
        const Value* bound = scope.find(m_eval.text(function));
        if (bound != nullptr && bound->is(Value::Kind::function)) return inline_helper(call, *bound, scope);
        return false;
    }
    if (!function.is("attribute")) return false;
    const auto method = m_eval.text(function.field("attribute"));
    const Node object = function.field("object");
    const CallArgs args = call_args(call, m_eval.source());
    const Node first = args.positional.empty() ? Node{} : args.positional.front();

    if (const auto path = m_eval.path_of(function, scope)) {
        const std::string_view op_prefix = "alembic.op.";
        if (path->rfind(op_prefix, 0) == 0 && path->find('.', op_prefix.size()) == std::string::npos) {
            lower_op_call(std::string_view(*path).substr(op_prefix.size()), call, nullptr, m_eval, scope, m_out);
            return true;
        }
        if (*path == "alembic.context.execute") {
            lower_sql_argument("context.execute", first ? first : args.keyword("sql"), call, true, m_eval, scope, m_out);
            return true;
        }
    }
    const Value holder = m_eval.evaluate(object, scope);
    if (holder.is(Value::Kind::batch)) {
        lower_op_call(method, call, &holder, m_eval, scope, m_out);
        return true;
    }
    const bool connection = holder.is(Value::Kind::connection) ||
                            (object.is("identifier") && scope.find(m_eval.text(object)) == nullptr &&
                             is_connection_name(m_eval.text(object)));
    const bool session = holder.is(Value::Kind::session);
    if ((connection && (method == "execute" || method == "exec_driver_sql")) || (session && method == "execute")) {
        std::string what = object.is("identifier") ? std::string(m_eval.text(object))
                           : session               ? std::string("Session(bind=op.get_bind())")
                                                   : std::string("op.get_bind()");
        what += "." + std::string(method);
        const Node sql = first ? first : args.keyword("statement");
        // exec_driver_sql and a plain string given to a connection's execute() reach
        // the driver as written; a Session reads a plain string as text().
        const bool text_clause = method == "execute" && (session || m_eval.evaluate(sql, scope).text_clause);
        // A second argument, or parameters=, holds values the driver binds into the string.
        const bool bound =
            args.positional.size() > 1 || args.has_keyword("parameters") || args.has_keyword("parameters_");
        lower_sql_argument(what, sql, call, text_clause, m_eval, scope, m_out,
                           bound ? DriverParams::yes : DriverParams::no);
        return true;
    }
    if (method == "create" || method == "drop") {
        if (auto spec = enum_spec_of(object, m_eval, scope)) {
            lower_enum_ddl(*spec, method == "create", call, m_eval, scope, m_out);
            return true;
        }
    }
    (void)depth;
    return false;
}

bool BodyWalker::inline_helper(Node call, const Value& function, Scope& scope) {
    const void* id = function.node.raw().id;
    if (m_active.size() >= k_max_inline || std::find(m_active.begin(), m_active.end(), id) != m_active.end()) return true;
    const CallArgs args = call_args(call, m_eval.source());
    std::vector<Value> positional;
    for (const Node arg : args.positional) positional.push_back(m_eval.evaluate(arg, scope));
    std::vector<std::pair<std::string, Value>> keywords;
    for (const auto& [name, node] : args.keywords) keywords.emplace_back(name, m_eval.evaluate(node, scope));
    m_active.push_back(id);
    walk_function_with(function.node, positional, keywords);
    m_active.pop_back();
    return true;
}

}  // namespace miglint::alembic

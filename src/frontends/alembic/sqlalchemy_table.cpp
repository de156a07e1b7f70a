#include "alembic/sqlalchemy_table.hpp"

#include "alembic/call_args.hpp"

#include <string>

namespace miglint::alembic {
namespace {

// A member of a MetaData's `tables` collection: `metadata.tables["name"]`,
// or `tables.name` for that collection passed in as an attribute dict.
std::optional<QualifiedName> metadata_table(Node expr, const Evaluator& eval, const Scope& scope) {
    if (expr.is("subscript")) {
        const Node collection = expr.field("value");
        const auto text = eval.text(collection);
        if (text != "tables" && !text.ends_with(".tables")) return std::nullopt;
        const auto key = eval.string_of(expr.field("subscript"), scope);
        if (!key) return std::nullopt;
        // MetaData.tables keys a table in a schema as "schema.name".
        const auto dot = key->rfind('.');
        if (dot == std::string::npos) return QualifiedName{"", *key};
        return QualifiedName{key->substr(0, dot), key->substr(dot + 1)};
    }
    if (expr.is("attribute") && eval.text(expr.field("object")) == "tables") {
        const Value* bound = scope.find("tables");
        if (bound != nullptr && !bound->is(Value::Kind::unknown)) return std::nullopt;
        return QualifiedName{"", std::string(eval.text(expr.field("attribute")))};
    }
    return std::nullopt;
}

}  // namespace

Node bound_expression(Node expr, const Evaluator& eval, const Scope& scope) {
    if (!expr.is("identifier")) return expr;
    // A name bound to another name holds a copy of its value, so one lookup reaches the call.
    const Value* bound = scope.find(eval.text(expr));
    if (bound == nullptr || !bound->is(Value::Kind::expression)) return Node{};
    return bound->node;
}

std::optional<QualifiedName> sqlalchemy_table(Node expr, const Evaluator& eval, const Scope& scope) {
    const Node node = bound_expression(expr, eval, scope);
    if (auto table = metadata_table(node, eval, scope)) return table;
    if (!node.is("call")) return std::nullopt;
    const auto path = eval.path_of(node.field("function"), scope);
    if (!path) return std::nullopt;
    const auto member = member_of(*path, "sqlalchemy");
    if (member != "table" && member != "Table") return std::nullopt;
    const CallArgs args = call_args(node, eval.source());
    if (args.positional.empty()) return std::nullopt;
    const auto name = eval.string_of(args.positional.front(), scope);
    if (!name) return std::nullopt;
    const Node schema = args.keyword("schema");
    return QualifiedName{schema ? eval.string_of(schema, scope).value_or("") : "", *name};
}

}  // namespace miglint::alembic

#include "alembic/core_statements.hpp"

#include "alembic/call_args.hpp"

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {
namespace {

constexpr int k_max_chain = 32;

// Methods that refine a statement without changing what it does to the table.
bool is_refinement(std::string_view method) {
    for (const auto name : {"where",
                            "filter",
                            "filter_by",
                            "values",
                            "returning",
                            "params",
                            "execution_options",
                            "order_by",
                            "limit",
                            "offset",
                            "join",
                            "outerjoin",
                            "select_from",
                            "group_by",
                            "having",
                            "distinct",
                            "with_only_columns",
                            "ordered_values",
                            "inline",
                            "from_select",
                            "correlate",
                            "scalar_subquery",
                            "subquery",
                            "cte",
                            "union",
                            "union_all"}) {
        if (method == name) return true;
    }
    return false;
}

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

// The table `expr` names: `sa.table("name", ..., schema=...)`, `sa.Table("name", metadata, ...)`,
// a MetaData's `tables["name"]`, or a name bound to one.
std::optional<QualifiedName> table_of(Node expr, const Evaluator& eval, const Scope& scope, int depth = 0) {
    if (!expr || depth > 4) return std::nullopt;
    if (auto table = metadata_table(expr, eval, scope)) return table;
    if (expr.is("identifier")) {
        const Value* bound = scope.find(eval.text(expr));
        if (bound == nullptr || !bound->is(Value::Kind::expression)) return std::nullopt;
        return table_of(bound->node, eval, scope, depth + 1);
    }
    if (!expr.is("call")) return std::nullopt;
    const auto path = eval.path_of(expr.field("function"), scope);
    if (!path) return std::nullopt;
    const auto member = member_of(*path, "sqlalchemy");
    if (member != "table" && member != "Table") return std::nullopt;
    const CallArgs args = call_args(expr, eval.source());
    if (args.positional.empty()) return std::nullopt;
    const auto name = eval.string_of(args.positional.front(), scope);
    if (!name) return std::nullopt;
    const Node schema = args.keyword("schema");
    return QualifiedName{schema ? eval.string_of(schema, scope).value_or("") : "", *name};
}

struct Chain {
    DataChange change;
    bool select = false;
    bool found = false;
};

// Reads a chain of calls from its outermost call inwards.
void read_chain(Node node, const Evaluator& eval, const Scope& scope, Chain& out, int depth) {
    if (!node.is("call") || depth > k_max_chain) return;
    const Node function = node.field("function");
    const CallArgs args = call_args(node, eval.source());
    const Node first = args.positional.empty() ? Node{} : args.positional.front();
    if (const auto path = eval.path_of(function, scope)) {
        const auto member = member_of(*path, "sqlalchemy");
        std::optional<QualifiedName> table;
        if (member == "select") {
            out.select = out.found = true;
            return;
        }
        if (member == "update")
            out.change.kind = DataChange::Kind::update;
        else if (member == "delete")
            out.change.kind = DataChange::Kind::delete_;
        else if (member == "insert")
            out.change.kind = DataChange::Kind::insert;
        else
            return;
        if (auto t = table_of(first ? first : args.keyword("table"), eval, scope)) {
            out.change.table = std::move(*t);
            out.found = true;
        }
        return;
    }
    if (!function.is("attribute")) return;
    const auto method = eval.text(function.field("attribute"));
    const Node object = function.field("object");
    if (method == "update" || method == "delete" || method == "insert" || method == "select") {
        if (auto t = table_of(object, eval, scope)) {
            out.change.table = std::move(*t);
            out.change.kind = method == "update"   ? DataChange::Kind::update
                              : method == "delete" ? DataChange::Kind::delete_
                                                   : DataChange::Kind::insert;
            out.select = method == "select";
            out.found = true;
            return;
        }
    }
    if (!is_refinement(method)) return;
    if (method == "where" || method == "filter" || method == "filter_by") out.change.has_where = true;
    if (method == "values" || method == "ordered_values") {
        for (const auto& [name, value] : args.keywords) out.change.columns_set.push_back(name);
    }
    read_chain(object, eval, scope, out, depth + 1);
}

// `name` as PostgreSQL's quote_ident would write it (SQLAlchemy quotes the same names).
std::string quoted(const std::string& name) {
    bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_');
    for (const char c : name) {
        if (std::islower(static_cast<unsigned char>(c)) == 0 && std::isdigit(static_cast<unsigned char>(c)) == 0 &&
            c != '_') {
            plain = false;
        }
    }
    if (plain) return name;
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? quoted(name) : quoted(schema) + "." + quoted(name);
}

// `sa.Sequence("name", schema=...)`, or a name bound to one.
std::optional<std::string> sequence_name(Node expr, const Evaluator& eval, const Scope& scope, int depth = 0) {
    if (!expr || depth > 4) return std::nullopt;
    if (expr.is("identifier")) {
        const Value* bound = scope.find(eval.text(expr));
        if (bound == nullptr || !bound->is(Value::Kind::expression)) return std::nullopt;
        return sequence_name(bound->node, eval, scope, depth + 1);
    }
    const auto path = eval.path_of(expr.field("function"), scope);
    if (!expr.is("call") || !path || member_of(*path, "sqlalchemy") != "Sequence") return std::nullopt;
    const CallArgs args = call_args(expr, eval.source());
    if (args.positional.empty()) return std::nullopt;
    const auto name = eval.string_of(args.positional.front(), scope);
    if (!name) return std::nullopt;
    const Node schema = args.keyword("schema");
    return qualified(schema ? eval.string_of(schema, scope).value_or("") : "", *name);
}

struct IndexSpec {
    std::string sql_name;  // quoted, schema-qualified like its table
    std::string table;     // quoted, schema-qualified
    std::vector<std::string> columns;
    bool unique = false;
    bool concurrently = false;
};

// `sa.Index("name", t.c.a, t.c.b, unique=..., postgresql_concurrently=...)` over
// columns of one table the file names, or a name bound to one.
std::optional<IndexSpec> index_spec(Node expr, const Evaluator& eval, const Scope& scope, int depth = 0) {
    if (!expr || depth > 4) return std::nullopt;
    if (expr.is("identifier")) {
        const Value* bound = scope.find(eval.text(expr));
        if (bound == nullptr || !bound->is(Value::Kind::expression)) return std::nullopt;
        return index_spec(bound->node, eval, scope, depth + 1);
    }
    const auto path = eval.path_of(expr.field("function"), scope);
    if (!expr.is("call") || !path || member_of(*path, "sqlalchemy") != "Index") return std::nullopt;
    const CallArgs args = call_args(expr, eval.source());
    if (args.positional.size() < 2) return std::nullopt;
    const auto name = eval.string_of(args.positional.front(), scope);
    if (!name) return std::nullopt;
    IndexSpec spec;
    std::optional<QualifiedName> table;
    for (std::size_t i = 1; i < args.positional.size(); ++i) {
        // t.c.column or t.columns.column
        const Node column = args.positional[i];
        const Node collection = column.field("object");
        if (!column.is("attribute") || !collection.is("attribute")) return std::nullopt;
        const auto via = eval.text(collection.field("attribute"));
        if (via != "c" && via != "columns") return std::nullopt;
        auto owner = table_of(collection.field("object"), eval, scope);
        if (!owner || (table && (owner->schema != table->schema || owner->name != table->name))) return std::nullopt;
        table = std::move(owner);
        spec.columns.push_back(quoted(std::string(eval.text(column.field("attribute")))));
    }
    spec.table = qualified(table->schema, table->name);
    spec.sql_name = quoted(*name);
    const auto flag = [&](std::string_view keyword) {
        const Node node = args.keyword(keyword);
        return node && eval.bool_of(node, scope).value_or(false);
    };
    spec.unique = flag("unique");
    spec.concurrently = flag("postgresql_concurrently");
    return spec;
}

}  // namespace

std::optional<std::string> ddl_construct_sql(Node statement, const Evaluator& eval, const Scope& scope) {
    if (!statement.is("call")) return std::nullopt;
    const auto path = eval.path_of(statement.field("function"), scope);
    if (!path) return std::nullopt;
    const auto member = member_of(*path, "sqlalchemy");
    const CallArgs args = call_args(statement, eval.source());
    const Node first = args.positional.empty() ? Node{} : args.positional.front();
    const auto flag = [&](std::string_view name) {
        const Node node = args.keyword(name);
        return node && eval.bool_of(node, scope).value_or(false);
    };
    if (member == "CreateSchema" || member == "DropSchema") {
        const auto name = first ? eval.string_of(first, scope) : std::nullopt;
        if (!name) return std::nullopt;
        if (member == "CreateSchema") {
            return std::string("CREATE SCHEMA ") + (flag("if_not_exists") ? "IF NOT EXISTS " : "") + quoted(*name);
        }
        return std::string("DROP SCHEMA ") + (flag("if_exists") ? "IF EXISTS " : "") + quoted(*name) +
               (flag("cascade") ? " CASCADE" : "");
    }
    if (member == "CreateIndex" || member == "DropIndex") {
        const auto spec = index_spec(first, eval, scope);
        if (!spec) return std::nullopt;
        const std::string concurrently = spec->concurrently ? "CONCURRENTLY " : "";
        if (member == "DropIndex") {
            // PostgreSQL's DROP INDEX names the index in the table's schema.
            const auto dot = spec->table.rfind('.');
            const auto schema = dot == std::string::npos ? std::string() : spec->table.substr(0, dot + 1);
            return "DROP INDEX " + concurrently + schema + spec->sql_name;
        }
        std::string columns;
        for (const auto& column : spec->columns) columns += (columns.empty() ? "" : ", ") + column;
        return std::string("CREATE ") + (spec->unique ? "UNIQUE " : "") + "INDEX " + concurrently + spec->sql_name +
               " ON " + spec->table + " (" + columns + ")";
    }
    if (member == "CreateSequence" || member == "DropSequence") {
        const auto name = sequence_name(first, eval, scope);
        if (!name) return std::nullopt;
        if (member == "CreateSequence") {
            return std::string("CREATE SEQUENCE ") + (flag("if_not_exists") ? "IF NOT EXISTS " : "") + *name;
        }
        return std::string("DROP SEQUENCE ") + (flag("if_exists") ? "IF EXISTS " : "") + *name;
    }
    return std::nullopt;
}

std::optional<OperationData> core_statement(Node statement, const Evaluator& eval, const Scope& scope) {
    Node node = statement;
    while (node.is("parenthesized_expression")) node = node.named_child(0);
    // A statement bound to a name earlier in the body or the module.
    if (node.is("identifier")) {
        const Value* bound = scope.find(eval.text(node));
        if (bound == nullptr || !bound->is(Value::Kind::expression)) return std::nullopt;
        node = bound->node;
    }
    Chain chain;
    read_chain(node, eval, scope, chain, 0);
    if (!chain.found) return std::nullopt;
    if (chain.select) return Other{"SELECT"};
    return chain.change;
}

}  // namespace miglint::alembic

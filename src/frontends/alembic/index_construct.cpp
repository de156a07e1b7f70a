#include "alembic/index_construct.hpp"

#include "alembic/sqlalchemy_table.hpp"

#include <miglint/sql_names.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace miglint::alembic {
namespace {

// One expression of an Index: its SQL, and the column name postgresql_ops
// keys it by (empty for a text() expression).
struct IndexExpression {
    std::string sql;
    std::string key;
};

struct IndexRead {
    BoundArgs args;
    std::string name;  // as SQL writes it, without a schema
    std::optional<QualifiedName> table;
    std::vector<IndexExpression> expressions;
};

struct TableColumn {
    QualifiedName table;
    std::string column;
};

// A column of a table the file names: `t.c.col`, `t.columns.col`, `t.c["col"]`.
std::optional<TableColumn> table_column(Node expr, const ConstructReader& reader) {
    const auto& eval = reader.eval();
    Node collection;
    std::optional<std::string> column;
    if (expr.is("attribute")) {
        collection = expr.field("object");
        column = std::string(eval.text(expr.field("attribute")));
    } else if (expr.is("subscript")) {
        collection = expr.field("value");
        column = eval.string_of(expr.field("subscript"), reader.scope());
    }
    if (!collection.is("attribute") || !column) return std::nullopt;
    const auto via = eval.text(collection.field("attribute"));
    if (via != "c" && via != "columns") return std::nullopt;
    auto table = sqlalchemy_table(collection.field("object"), eval, reader.scope());
    if (!table) return std::nullopt;
    return TableColumn{std::move(*table), std::move(*column)};
}

bool same_table(const QualifiedName& a, const QualifiedName& b) {
    return a.schema == b.schema && a.name == b.name;
}

std::optional<IndexRead> read_index(Node expr, ConstructReader& reader) {
    const Node call = reader.call_of(expr, "Index");
    if (!call) return std::nullopt;
    IndexRead index;
    index.args = reader.bind(call, "Index", {"name"},
                             {"unique", "quote", "info", "postgresql_concurrently", "postgresql_using",
                              "postgresql_where", "postgresql_include", "postgresql_tablespace",
                              "postgresql_nulls_not_distinct", "postgresql_with", "postgresql_ops"},
                             ExtraPositional::allowed);
    index.name = reader.name(index.args, "Index");
    for (const Node column : index.args.rest) {
        if (auto read = table_column(column, reader)) {
            if (index.table && !same_table(*index.table, read->table)) reader.fail("an Index over two tables");
            index.table = std::move(read->table);
            index.expressions.push_back({quote_ident(read->column), read->column});
            continue;
        }
        const Value value = reader.eval().evaluate(column, reader.scope());
        if (value.is_string() && value.text_clause) {
            index.expressions.push_back({value.string.value, ""});
        } else if (value.is_string()) {
            // A column named by a string, of the table the other columns name.
            index.expressions.push_back({quote_ident(value.string.value), value.string.value});
        } else {
            reader.fail("an index expression miglint cannot read (`" + std::string(reader.eval().text(column)) + "`)");
        }
    }
    if (!index.args.rest.empty() && !index.table) reader.fail("an Index whose table miglint cannot read");
    if (reader.failed()) return std::nullopt;
    return index;
}

// postgresql_using: a bare access method name, written in lower case.
std::string using_clause(const IndexRead& index, ConstructReader& reader) {
    std::string method = reader.text(index.args.get("postgresql_using"), "postgresql_using");
    if (method.empty()) return {};
    const auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    if (!std::all_of(method.begin(), method.end(), is_word)) reader.fail("`postgresql_using=` is not a method name");
    std::transform(method.begin(), method.end(), method.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return "USING " + method + " ";
}

std::string column_list(const IndexRead& index, ConstructReader& reader) {
    const auto ops = reader.dict(index.args.get("postgresql_ops"), "postgresql_ops");
    std::string out;
    for (const auto& expression : index.expressions) {
        out += (out.empty() ? "" : ", ") + expression.sql;
        for (const auto& [key, node] : ops) {
            if (!expression.key.empty() && key == expression.key) out += " " + reader.text(node, "postgresql_ops");
        }
    }
    return "(" + out + ")";
}

std::string include_clause(const IndexRead& index, ConstructReader& reader) {
    const Node include = index.args.get("postgresql_include");
    if (!reader.given(include)) return {};
    const auto columns = reader.eval().strings_of(include, reader.scope());
    if (!columns) {
        reader.fail("`postgresql_include=` is not a list of column names");
        return {};
    }
    std::string out;
    for (const auto& column : *columns) out += (out.empty() ? "" : ", ") + quote_ident(column);
    return out.empty() ? std::string() : " INCLUDE (" + out + ")";
}

std::string nulls_clause(const IndexRead& index, ConstructReader& reader) {
    const Node nulls = index.args.get("postgresql_nulls_not_distinct");
    if (!reader.given(nulls)) return {};
    return reader.flag(nulls, "postgresql_nulls_not_distinct") ? " NULLS NOT DISTINCT" : " NULLS DISTINCT";
}

// postgresql_with: storage parameters as `name = value`, a None value as the bare name.
std::string with_clause(const IndexRead& index, ConstructReader& reader) {
    std::string out;
    for (const auto& [parameter, node] : reader.dict(index.args.get("postgresql_with"), "postgresql_with")) {
        const Value value = reader.eval().evaluate(node, reader.scope());
        std::string item = parameter;
        if (value.is(Value::Kind::boolean)) {
            item += value.boolean ? " = true" : " = false";
        } else if (value.is(Value::Kind::integer)) {
            item += " = " + std::to_string(value.integer);
        } else if (value.is_string()) {
            item += " = " + value.string.value;
        } else if (!value.is(Value::Kind::none)) {
            reader.fail("`postgresql_with=` has a value that is not a constant");
        }
        out += (out.empty() ? "" : ", ") + item;
    }
    return out.empty() ? std::string() : " WITH (" + out + ")";
}

std::string tablespace_clause(const IndexRead& index, ConstructReader& reader) {
    const auto tablespace = reader.text(index.args.get("postgresql_tablespace"), "postgresql_tablespace");
    return tablespace.empty() ? std::string() : " TABLESPACE " + quote_ident(tablespace);
}

// postgresql_where: a text() clause or a plain string, written as given.
std::string where_clause(const IndexRead& index, ConstructReader& reader) {
    const Node where = index.args.get("postgresql_where");
    if (!reader.given(where)) return {};
    const Value value = reader.eval().evaluate(where, reader.scope());
    if (!value.is_string()) {
        reader.fail("`postgresql_where=` is an expression miglint cannot read");
        return {};
    }
    return " WHERE " + value.string.value;
}

}  // namespace

std::string create_index_sql(Node index_expr, bool if_not_exists, ConstructReader& reader) {
    const auto index = read_index(index_expr, reader);
    if (!index) return {};
    // Before its table is known SQLAlchemy cannot render the index either.
    if (!index->table) {
        reader.fail("an Index with no columns");
        return {};
    }
    const auto& args = index->args;
    std::string sql = "CREATE ";
    if (reader.flag(args.get("unique"), "unique")) sql += "UNIQUE ";
    sql += "INDEX ";
    if (reader.flag(args.get("postgresql_concurrently"), "postgresql_concurrently")) sql += "CONCURRENTLY ";
    if (if_not_exists) sql += "IF NOT EXISTS ";
    sql += index->name + " ON " + quote_qualified(*index->table) + " ";
    sql += using_clause(*index, reader);
    sql += column_list(*index, reader);
    sql += include_clause(*index, reader);
    sql += nulls_clause(*index, reader);
    sql += with_clause(*index, reader);
    sql += tablespace_clause(*index, reader);
    sql += where_clause(*index, reader);
    return reader.failed() ? std::string() : sql;
}

std::string drop_index_sql(Node index_expr, bool if_exists, ConstructReader& reader) {
    const auto index = read_index(index_expr, reader);
    if (!index) return {};
    std::string sql = "DROP INDEX ";
    if (reader.flag(index->args.get("postgresql_concurrently"), "postgresql_concurrently")) sql += "CONCURRENTLY ";
    if (if_exists) sql += "IF EXISTS ";
    // An index lives in its table's schema; DROP INDEX finds it there only when qualified.
    if (index->table && !index->table->schema.empty()) sql += quote_ident(index->table->schema) + ".";
    sql += index->name;
    return reader.failed() ? std::string() : sql;
}

}  // namespace miglint::alembic

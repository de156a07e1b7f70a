#include "toolkit/index_text.hpp"

#include "toolkit/code_text.hpp"

#include <miglint/sql_names.hpp>

namespace miglint {
namespace {

// The keys as stored, or (for an index lowered from column names alone) one key per column.
std::vector<IndexKey> keys_of(const CreateIndex& index) {
    if (!index.keys.empty()) return index.keys;
    std::vector<IndexKey> keys;
    for (const auto& column : index.columns) keys.push_back(IndexKey{.column = column});
    return keys;
}

std::string key_sql(const IndexKey& key) {
    if (!key.column.empty()) return quote_ident(key.column) + key.options;
    if (!key.expression.empty()) return key.expression + key.options;
    return key.python;  // never SQL: an Alembic item miglint could not read
}

bool uses_default_method(const CreateIndex& index) { return index.method.empty() || index.method == "btree"; }

// The list item Alembic wants for a key: "column", sa.text("expr"), or the item as written.
std::string key_alembic(const IndexKey& key) {
    if (!key.python.empty()) return key.python;
    if (!key.column.empty() && key.options.empty()) return python_string(key.column);
    return "sa.text(" + python_string(key_sql(key)) + ")";
}

}  // namespace

std::string create_index_sql(const CreateIndex& index, IndexForm form) {
    std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    if (form.concurrently) out += "CONCURRENTLY ";
    if (form.if_not_exists && !index.name.empty()) out += "IF NOT EXISTS ";
    if (!index.name.empty()) out += quote_ident(index.name) + " ";
    out += "ON ";
    if (index.only) out += "ONLY ";
    out += quote_qualified(index.table);
    if (!uses_default_method(index)) out += " USING " + quote_ident(index.method);
    std::vector<std::string> keys;
    for (const auto& key : keys_of(index)) keys.push_back(key_sql(key));
    out += " (" + joined(keys) + ")";
    if (!index.include.empty()) {
        std::vector<std::string> include;
        for (const auto& column : index.include) include.push_back(quote_ident(column));
        out += " INCLUDE (" + joined(include) + ")";
    }
    if (index.where && index.where_python.empty()) {
        out += " WHERE " + index.where->text;
    } else if (index.partial) {
        out += " WHERE ...";  // a predicate miglint could not read: the user copies theirs
    }
    return out + ";";
}

std::string create_index_alembic(const CreateIndex& index, IndexForm form) {
    std::vector<std::string> keys;
    for (const auto& key : keys_of(index)) keys.push_back(key_alembic(key));
    std::string out = "op.create_index(" + (index.name.empty() ? std::string("None") : python_string(index.name)) + ", " +
                      python_string(index.table.name) + ", [" + joined(keys) + "]";
    if (!index.table.schema.empty()) out += ", schema=" + python_string(index.table.schema);
    if (index.unique) out += ", unique=True";
    if (!uses_default_method(index)) out += ", postgresql_using=" + python_string(index.method);
    if (!index.include.empty()) {
        std::vector<std::string> include;
        for (const auto& column : index.include) include.push_back(python_string(column));
        out += ", postgresql_include=[" + joined(include) + "]";
    }
    if (!index.where_python.empty()) {
        out += ", postgresql_where=" + index.where_python;
    } else if (index.where) {
        out += ", postgresql_where=sa.text(" + python_string(index.where->text) + ")";
    } else if (index.partial) {
        out += ", postgresql_where=...";
    }
    if (form.concurrently) out += ", postgresql_concurrently=True";
    if (form.if_not_exists) out += ", if_not_exists=True";
    return out + ")";
}

std::string drop_index_sql(const DropIndex& drop, bool concurrently) {
    // DROP INDEX CONCURRENTLY refuses CASCADE: dependent objects must be dropped first.
    return std::string("DROP INDEX ") + (concurrently ? "CONCURRENTLY " : "") + (drop.if_exists ? "IF EXISTS " : "") +
           quote_qualified(drop.index) + (drop.cascade && !concurrently ? " CASCADE" : "") + ";";
}

std::string drop_index_alembic(const DropIndex& drop, bool concurrently) {
    std::string out = "op.drop_index(" + python_string(drop.index.name);
    if (!drop.table.empty()) out += ", table_name=" + python_string(drop.table.name);
    const auto& schema = drop.index.schema.empty() ? drop.table.schema : drop.index.schema;
    if (!schema.empty()) out += ", schema=" + python_string(schema);
    if (concurrently) out += ", postgresql_concurrently=True";
    if (drop.if_exists) out += ", if_exists=True";
    return out + ")";
}

std::string_view reindex_keyword(ReindexOp::Target target) {
    switch (target) {
        case ReindexOp::Target::index: return "INDEX";
        case ReindexOp::Target::table: return "TABLE";
        case ReindexOp::Target::schema: return "SCHEMA";
        case ReindexOp::Target::database: return "DATABASE";
        case ReindexOp::Target::system: return "SYSTEM";
    }
    return "INDEX";
}

std::string reindex_statement(const ReindexOp& reindex, bool concurrently) {
    return "REINDEX " + std::string(reindex_keyword(reindex.target)) + (concurrently ? " CONCURRENTLY " : " ") +
           quote_qualified(reindex.name);
}

std::string concurrent_form(const Operation& op, const RuleContext& ctx) {
    const auto* create = op.get<CreateIndex>();
    const auto* drop = op.get<DropIndex>();
    const IndexForm form{.concurrently = true, .if_not_exists = create != nullptr && create->if_not_exists};
    const auto sql = create != nullptr ? create_index_sql(*create, form) : drop_index_sql(*drop, true);
    switch (help_language(op, ctx)) {
        case HelpLanguage::sql: return sql;
        case HelpLanguage::alembic_sql_call: return alembic_autocommit_execute(std::string_view(sql).substr(0, sql.size() - 1));
        case HelpLanguage::alembic:
            return in_autocommit_block(create != nullptr ? create_index_alembic(*create, form) : drop_index_alembic(*drop, true));
    }
    return sql;
}

}  // namespace miglint

#include "toolkit/index_text.hpp"

#include "schema/predicates.hpp"
#include "toolkit/code_text.hpp"

#include <miglint/sql_names.hpp>

#include <cctype>

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

namespace {

std::string_view constraint_words(const Constraint& c) {
    return c.kind == ConstraintKind::primary_key ? "PRIMARY KEY" : "UNIQUE";
}

// `text` lower-cased without blanks, quotes or backslashes: two spellings of one
// statement compare equal, and a clause one of them lacks does not.
std::string squeezed(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\\') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// True when the statement at `op` says nothing but what miglint prints of it.
bool is_plain_add(const Operation& op, const AddConstraint& add, const SourceText& source) {
    const auto& c = add.constraint;
    const auto plain = "ALTER TABLE " + quote_qualified(add.table) + " ADD " +
                       (c.is_named() ? "CONSTRAINT " + quote_ident(c.name) + " " : std::string()) +
                       std::string(constraint_words(c)) + " (" + ident_list(c.columns) + ")";
    return squeezed(source.slice(op.span)) == squeezed(plain);
}

}  // namespace

IndexThenConstraint index_then_constraint(const AddConstraint& add, const std::string& name) {
    IndexThenConstraint out;
    out.index.table = add.table;
    out.index.name = name;
    out.index.columns = add.constraint.columns;
    out.index.unique = true;
    out.attach = "ALTER TABLE " + quote_qualified(add.table) + " ADD CONSTRAINT " + quote_ident(name) + " " +
                 std::string(constraint_words(add.constraint)) + " USING INDEX " + quote_ident(name);
    return out;
}

std::optional<Fix> index_then_constraint_fix(const Operation& op, const RuleContext& ctx) {
    const auto& add = op.as<AddConstraint>();
    const auto& c = add.constraint;
    if (op.from_do_block || !is_single_command(op, ctx) || c.columns.empty()) return std::nullopt;
    // A name SQLAlchemy's convention gave may be shortened by SQLAlchemy itself.
    if (c.name_from_convention && c.name.size() > k_max_identifier_bytes) return std::nullopt;
    const auto name = c.is_named() ? std::optional<std::string>(c.name) : exact_generated_name(op, add.table, c, ctx);
    if (!name) return std::nullopt;
    const auto steps = index_then_constraint(add, *name);
    const auto& source = *ctx.migration().source;
    const IndexForm concurrently{.concurrently = true};
    Fix fix{"build the index concurrently, then attach it with USING INDEX", {}, true};
    std::optional<Edit> edit;
    if (ctx.is_alembic()) {
        if (op.from_sql_string ? !is_plain_add(op, add, source) : !passes_only(source, op.span, {"schema="})) return std::nullopt;
        const auto build = create_index_alembic(steps.index, concurrently);
        edit = alembic_replace(op, source, alembic_outside_transaction(op, build) + "\n" + alembic_execute(steps.attach));
        if (op.in_transaction == InTransaction::yes) fix.description += " (an autocommit block)";
    } else {
        if (!is_plain_sql(op, source) || !is_plain_add(op, add, source)) return std::nullopt;
        // One statement becomes two; the build must run outside a transaction block.
        // Flyway refuses a file that mixes the concurrent build with other statements.
        if (ctx.migration().runner_detects_outside_transaction) return std::nullopt;
        const auto outside = outside_transaction(op, ctx, 1);
        if (!outside) return std::nullopt;
        if (!outside->empty()) fix.description += " (" + outside->note + ")";
        outside->add_to(fix);
        const auto line = source.line_of(op.span.end);
        const auto eol = line_ending_at(source.text(), source.line_start(line) + static_cast<std::uint32_t>(source.line_text(line).size()));
        // The statement's own `;` ends the ALTER TABLE.
        edit = Edit{op.span, create_index_sql(steps.index, concurrently) + eol + steps.attach};
    }
    if (!edit) return std::nullopt;
    fix.edits.push_back(std::move(*edit));
    return fix;
}

}  // namespace miglint

// ADD COLUMN with a volatile DEFAULT (or, before PostgreSQL 11, any non-NULL
// DEFAULT) on an existing table rewrites the whole table.
// Lock: ACCESS EXCLUSIVE for the whole rewrite (PostgreSQL manual, "ALTER
// TABLE", Notes: "Adding a column with a volatile DEFAULT or changing the type
// of an existing column will require the entire table and its indexes to be
// rewritten"; before 11: "Adding a column with a DEFAULT clause ... requires
// the entire table and its indexes to be rewritten").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// PostgreSQL 11 stores a non-volatile default once in the catalog
// (attmissingval) instead of writing it into every row.
constexpr PgVersion k_fast_default{11, 0};


std::string safe_way(const AddColumn& add, const Operation& op, const RuleContext& ctx) {
    const auto& column = add.column;
    const auto name = quote_ident(column.name);
    const auto& expr = column.default_value->text;
    const auto type = type_spelling(&column.type, help_language(op, ctx) == HelpLanguage::alembic, "<type>");
    return "add the column without a default, set the default for new rows, then backfill in batches:\n" +
           SafeForm(op, ctx)
               .run(add_column_step(add.table, {.name = column.name, .type = type, .nullable = true}))
               .run(set_default_step(add.table, column.name, expr))
               .repeat_in_batches(batch_update(add.table, name + " = " + expr, name + " IS NULL"))
               .text();
}

// The backfill, batch by batch, each committed (a DO block may COMMIT when it
// runs outside a transaction block). It stops at a short batch, so rows the
// expression leaves NULL do not keep it looping.
std::string batched_backfill(const QualifiedName& table, const std::string& column, const std::string& expr) {
    return "DO $$\nDECLARE\n    updated bigint;\nBEGIN\n    LOOP\n        " +
           batch_update(table, column + " = " + expr, column + " IS NULL") +
           ";\n        GET DIAGNOSTICS updated = ROW_COUNT;\n        EXIT WHEN updated < " + std::to_string(k_batch_rows) +
           ";\n        COMMIT;\n    END LOOP;\nEND $$";
}

// Add the column without its default, set the default for new rows, then
// backfill the rows there are, batch by batch, after the commit. Only for a
// plain nullable column: a NOT NULL or constraint would need its own safe
// sequence. Unsafe: the transaction structure changes, and rows
// written while the backfill runs get the default one by one.
// The Alembic form: op.add_column without server_default, op.alter_column
// setting it, and the backfill after the revision's transaction commits.
std::optional<Fix> split_default_alembic(const Operation& op, const AddColumn& add, const RuleContext& ctx) {
    const auto& column = add.column;
    const auto& source = *ctx.migration().source;
    // Rewritten, the call keeps everything it says only when it says nothing else.
    if (op.from_sql_string || !passes_only(source, op.span, {"server_default=", "nullable=True", "schema="})) {
        return std::nullopt;
    }
    const auto py_table = python_string(add.table.name);
    const auto py_column = python_string(column.name);
    const auto schema = alembic_schema(add.table);
    const auto& expr = column.default_value->text;
    const auto backfill = batched_backfill(add.table, quote_ident(column.name), expr);
    auto edit = alembic_replace(op, source,
                                "op.add_column(" + py_table + ", sa.Column(" + py_column + ", " + column.type.written +
                                    ", nullable=True)" + schema + ")\n" + "op.alter_column(" + py_table + ", " + py_column +
                                    ", server_default=sa.text(" + python_string(expr) + ")" + schema + ")\n" +
                                    alembic_outside_transaction(op, alembic_execute(backfill)));
    if (!edit) return std::nullopt;
    Fix fix{"add the column without its default, set the default, then backfill in batches after the commit" +
                std::string(op.in_transaction == InTransaction::yes ? " (an autocommit block)" : ""),
            {std::move(*edit)}, true};
    return fix;
}

std::optional<Fix> split_default(const Operation& op, const AddColumn& add, const RuleContext& ctx) {
    const auto& column = add.column;
    const auto& source = *ctx.migration().source;
    if (column.not_null || column.primary_key || !column.constraints.empty() || column.is_serial ||
        column.generated != Generated::none || column.identity != Identity::none || column.type.written.empty() ||
        add.if_not_exists) {
        return std::nullopt;
    }
    if (written_as_alembic_call(op, ctx)) return split_default_alembic(op, add, ctx);
    if (!is_plain_sql(op, source) || !is_single_command(op, ctx)) return std::nullopt;
    const auto table = quote_qualified(add.table);
    const auto name = quote_ident(column.name);
    const auto& expr = column.default_value->text;
    auto after = after_commit(op, ctx, {batched_backfill(add.table, name, expr)});
    if (!after) return std::nullopt;
    const auto line = source.line_of(op.span.end);
    const auto eol = line_ending_at(source.text(), source.line_start(line) + static_cast<std::uint32_t>(source.line_text(line).size()));
    Fix fix{"add the column without its default, set the default, then backfill in batches after the commit" +
                (after->note.empty() ? std::string() : " (" + after->note + ")"),
            {}, true};
    after->add_to(fix);
    // The statement's own `;` ends the SET DEFAULT.
    fix.edits.push_back({op.span, "ALTER TABLE " + table + " ADD COLUMN " + name + " " + column.type.written + ";" + eol +
                                      "ALTER TABLE " + table + " ALTER COLUMN " + name + " SET DEFAULT " + expr});
    return fix;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    const auto& column = add.column;
    // No default (or DEFAULT NULL): the column is added in the catalog only.
    if (!column.default_value || column.default_value->is_null_constant) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const bool is_volatile = default_volatility(*column.default_value, ctx) == Volatility::volatile_;
    const bool before_fast_default = ctx.pg_version() < k_fast_default;
    // From 11 on, a stable or immutable default is evaluated once and stored in the catalog.
    if (!is_volatile && !before_fast_default) return;
    const auto what = is_volatile ? std::string("volatile default ") : std::string("default ");
    const auto why = is_volatile ? std::string() : " (before PostgreSQL 11 every non-NULL default is written into each row)";
    out.report(op.span, "adding column " + quoted(column.name) + " with " + what + quoted(column.default_value->text) +
                            " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) + size_note(ctx, add.table) +
                            " and rewrites the whole table" + why)
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, op, ctx))
        .fix(is_volatile ? split_default(op, add, ctx) : std::nullopt);
}

}  // namespace

const Rule& add_column_volatile_default() {
    static const Rule rule{
        .id = "add-column-volatile-default",
        .summary = "ADD COLUMN with a volatile DEFAULT, or any non-NULL DEFAULT before PostgreSQL 11, rewrites the whole table under an ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::unsafe,
        .fix_does = "splits a nullable column's ADD COLUMN (op.add_column) into add, SET DEFAULT and a batched backfill "
                    "that commits each batch, run after the migration's transaction",
        .applies_to = {OpKind::add_column},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

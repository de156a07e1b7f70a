// ADD COLUMN of a serial type or an identity column on an existing table.
// Lock: ACCESS EXCLUSIVE while every existing row is rewritten with a value
// drawn from the sequence (PostgreSQL manual, "ALTER TABLE", Notes: adding a
// column with a volatile DEFAULT, `nextval()` for serial, "or an identity
// column ... will require the entire table and its indexes to be rewritten").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddColumn& add, const Operation& op, const RuleContext& ctx) {
    const auto column = quote_ident(add.column.name);
    // The name PostgreSQL would give the column's own sequence.
    const auto sequence = quote_qualified({add.table.schema, generated_object_name(add.table.name, add.column.name, "seq")});
    const auto next_value = "nextval(" + sql_string(sequence) + ")";
    return "add a plain nullable column, give new rows a sequence default, then backfill in batches:\n" +
           SafeForm(op, ctx)
               .run("CREATE SEQUENCE " + sequence)
               .run(add_column_step(add.table, {.name = add.column.name, .type = {"bigint", "sa.BigInteger()"}, .nullable = true}))
               .run(set_default_step(add.table, add.column.name, next_value))
               .run("ALTER SEQUENCE " + sequence + " OWNED BY " + quote_qualified(add.table) + "." + column)
               .repeat_in_batches(batch_update(add.table, column + " = " + next_value, column + " IS NULL"))
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    const auto& column = add.column;
    // Neither serial nor identity: no per-row value is drawn for existing rows.
    if (!column.is_serial && column.identity == Identity::none) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const auto kind = column.is_serial ? (std::string(serial_spelling(column)) + " column ") : std::string("identity column ");
    out.report(op.span, "adding " + kind + quoted(column.name) + " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) +
                            size_note(ctx, add.table) +
                            " and rewrites the whole table to draw a sequence value for every row")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, op, ctx));
}

}  // namespace

const Rule& add_serial_column() {
    static const Rule rule{
        .id = "add-serial-column",
        .summary = "ADD COLUMN of a serial or identity column on an existing table rewrites the whole table under an ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .applies_to = {OpKind::add_column},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

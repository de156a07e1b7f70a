// ADD COLUMN of a serial type or an identity column on an existing table.
// Lock: ACCESS EXCLUSIVE while every existing row is rewritten with a value
// drawn from the sequence (PostgreSQL manual, "ALTER TABLE", Notes: adding a
// column with a volatile DEFAULT, `nextval()` for serial, "or an identity
// column ... will require the entire table and its indexes to be rewritten").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddColumn& add, const RuleContext& ctx) {
    const auto table = quote_qualified(add.table);
    const auto column = quote_ident(add.column.name);
    const auto sequence = quote_qualified({add.table.schema, add.table.name + "_" + add.column.name + "_seq"});
    const auto next_value = "nextval(" + sql_string(sequence) + ")";
    if (ctx.is_alembic()) {
        const auto py_table = python_string(add.table.name);
        const auto py_column = python_string(add.column.name);
        const auto schema = alembic_schema(add.table);
        return "add a plain nullable column, give new rows a sequence default, then backfill in batches:\n" +
               alembic_execute("CREATE SEQUENCE " + sequence) + "\n"
               "op.add_column(" + py_table + ", sa.Column(" + py_column + ", sa.BigInteger(), nullable=True)" + schema + ")\n"
               "op.alter_column(" + py_table + ", " + py_column + ", server_default=sa.text(" + python_string(next_value) + ")" +
               schema + ")\n" +
               alembic_execute("ALTER SEQUENCE " + sequence + " OWNED BY " + table + "." + column) + "\n"
               "# backfill existing rows in batches, one transaction per batch";
    }
    return "add a plain nullable column, give new rows a sequence default, then backfill in batches:\n"
           "CREATE SEQUENCE " + sequence + ";\n"
           "ALTER TABLE " + table + " ADD COLUMN " + column + " bigint;\n"
           "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + next_value + ";\n"
           "ALTER SEQUENCE " + sequence + " OWNED BY " + table + "." + column + ";\n"
           "-- then, batch by batch: UPDATE " + table + " SET " + column + " = " + next_value + " WHERE " +
           column + " IS NULL AND <key> BETWEEN ... ;";
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
        .help(safe_way(add, ctx));
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

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
    const auto table = add.table.display();
    const auto& column = add.column.name;
    const auto sequence = add.table.name + "_" + column + "_seq";
    if (ctx.is_alembic()) {
        return "add a plain nullable column, give new rows a sequence default, then backfill in batches:\n"
               "op.execute(\"CREATE SEQUENCE " + sequence + "\")\n"
               "op.add_column(\"" + table + "\", sa.Column(\"" + column + "\", sa.BigInteger(), nullable=True))\n"
               "op.alter_column(\"" + table + "\", \"" + column + "\", server_default=sa.text(\"nextval('" + sequence + "')\"))\n"
               "op.execute(\"ALTER SEQUENCE " + sequence + " OWNED BY " + table + "." + column + "\")\n"
               "# backfill existing rows in batches, one transaction per batch";
    }
    return "add a plain nullable column, give new rows a sequence default, then backfill in batches:\n"
           "CREATE SEQUENCE " + sequence + ";\n"
           "ALTER TABLE " + table + " ADD COLUMN " + column + " bigint;\n"
           "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT nextval('" + sequence + "');\n"
           "ALTER SEQUENCE " + sequence + " OWNED BY " + table + "." + column + ";\n"
           "-- then, batch by batch: UPDATE " + table + " SET " + column + " = nextval('" + sequence + "') WHERE " +
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

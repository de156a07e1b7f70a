// ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL on an existing column.
// Lock: ACCESS EXCLUSIVE on the table, briefly; no scan and no rewrite
// (PostgreSQL manual, "ALTER TABLE": DROP NOT NULL).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const DropNotNull& drop, const RuleContext& ctx) {
    const auto table = quote_qualified(drop.table);
    const auto column = quote_ident(drop.column);
    const auto backfill = "UPDATE " + table + " SET " + column + " = <value> WHERE " + column + " IS NULL";
    const auto revert = "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL";
    if (ctx.is_alembic()) {
        return "first make every reader of `" + drop.column +
               "` handle NULL; the downgrade then needs a backfill before it can restore the constraint:\n" +
               alembic_execute(backfill) + "\n"
               "op.alter_column(" + python_string(drop.table.name) + ", " + python_string(drop.column) + ", nullable=False" +
               alembic_schema(drop.table) + ")";
    }
    return "first make every reader of `" + drop.column +
           "` handle NULL; reverting then needs a backfill before it can restore the constraint:\n" + backfill + ";\n" +
           revert + ";";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropNotNull>();
    // A table created earlier in this migration is unused: no reader relies on the constraint.
    if (!is_existing_table(ctx, drop.table)) return;
    // A column added earlier in this migration has no readers yet.
    const auto* table = ctx.schema().table(drop.table);
    const auto* column = table != nullptr ? table->column(drop.column) : nullptr;
    if (column != nullptr && column->created_in == ctx.migration_index()) return;
    out.report(op.span, "dropping NOT NULL on " + quoted(drop.table.display() + "." + drop.column) +
                            " takes a brief ACCESS EXCLUSIVE lock on " + quoted(drop.table) +
                            " and lets NULLs in, which code that assumes a value may not handle")
        .help(safe_way(drop, ctx));
}

}  // namespace

const Rule& drop_not_null() {
    static const Rule rule{
        .id = "drop-not-null",
        .summary = "DROP NOT NULL lets NULLs reach code that assumes a value, and is hard to revert once they exist.",
        .default_severity = Severity::info,
        .enabled_by_default = false,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::drop_not_null},
        .check = &check,
        .tags = {"compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

// ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL on an existing column.
// Lock: ACCESS EXCLUSIVE on the table, briefly; no scan and no rewrite
// (PostgreSQL manual, "ALTER TABLE": DROP NOT NULL).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const DropNotNull& drop, const Operation& op, const RuleContext& ctx) {
    const auto table = quote_qualified(drop.table);
    const auto column = quote_ident(drop.column);
    return "first make every reader of `" + drop.column +
           "` handle NULL; reverting then needs a backfill before it can restore the constraint:\n" +
           SafeForm(op, ctx)
               .run("UPDATE " + table + " SET " + column + " = <value> WHERE " + column + " IS NULL")
               .run(set_not_null_step(drop.table, drop.column, true))
               .text();
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
        .help(safe_way(drop, op, ctx));
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

// ALTER TABLE ... DROP COLUMN on a column that running code may still use.
// Lock: ACCESS EXCLUSIVE on the table, held only while the catalog changes; the
// data is not rewritten but becomes unreachable at once (PostgreSQL manual,
// "ALTER TABLE": DROP COLUMN).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// True when `column` of `table` was added earlier in this migration: no running code knows it.
bool column_created_in_this_migration(const RuleContext& ctx, const QualifiedName& table, const std::string& column) {
    const auto* state = ctx.schema().table(table);
    const auto* col = state != nullptr ? state->column(column) : nullptr;
    return col != nullptr && col->created_in == ctx.migration_index();
}

std::string safe_way(const DropColumn& drop, const Operation& op, const RuleContext& ctx) {
    return "first deploy code that no longer reads or writes `" + drop.column + "`" + std::string(unit_words(ctx).model) +
           ", then drop it in a later " +
           std::string(unit_words(ctx).unit) + " with a lock timeout:\n" +
           SafeForm(op, ctx).run("SET lock_timeout = '5s'").run(drop_column_step(drop.table, drop.column)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropColumn>();
    // A table created earlier in this migration is empty and unused: nothing to lose or break.
    if (!is_existing_table(ctx, drop.table)) return;
    // A column added earlier in this migration holds no data and no running code selects it.
    if (column_created_in_this_migration(ctx, drop.table, drop.column)) return;
    out.report(op.span, "dropping column " + quoted(drop.table.display() + "." + drop.column) +
                            " takes a brief ACCESS EXCLUSIVE lock on " + quoted(drop.table) +
                            ", breaks running code that still selects it and loses its data")
        .help(safe_way(drop, op, ctx));
}

}  // namespace

const Rule& drop_column() {
    static const Rule rule{
        .id = "drop-column",
        .summary = "DROP COLUMN breaks running code that still uses the column and discards its data.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::drop_column},
        .check = &check,
        .tags = {"data-loss", "compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

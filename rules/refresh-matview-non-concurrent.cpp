// REFRESH MATERIALIZED VIEW without CONCURRENTLY.
// Lock: ACCESS EXCLUSIVE on the view while its query runs and the result
// replaces the old contents, so even reads of the view wait (PostgreSQL
// manual, "REFRESH MATERIALIZED VIEW"). CONCURRENTLY takes EXCLUSIVE, which
// lets reads through, and needs a UNIQUE index on plain columns of the view
// with no WHERE clause.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// A unique, non-partial index the history knows on the view, or "".
std::string unique_index_on(const QualifiedName& view, const RuleContext& ctx) {
    for (const auto* index : ctx.schema().indexes_on(view)) {
        if (index->unique) return index->name;
    }
    return {};
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& refresh = op.as<RefreshMatView>();
    // CONCURRENTLY takes EXCLUSIVE: reads of the view go on while it refreshes.
    if (refresh.concurrently) return;
    const auto view = quote_qualified(refresh.view);
    const auto sql = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view;
    const auto index = unique_index_on(refresh.view, ctx);
    const auto create_index = "CREATE UNIQUE INDEX CONCURRENTLY " + quote_ident(refresh.view.name + "_key") + " ON " + view + " (<key columns>)";
    const auto help =
        "refresh it concurrently, which lets reads of the view through (EXCLUSIVE lock):\n" + SafeForm(op, ctx).run(sql).text() +
        (index.empty() ? "\nit needs a UNIQUE index on plain columns of the view, covering every row; create one first "
                         "(outside a transaction block):\n" +
                             SafeForm(op, ctx).run_outside_transaction(create_index).text()
                       : "\n(" + quoted(index) + " is the UNIQUE index it needs)");
    out.report(op.span, "refreshing materialized view " + quoted(refresh.view) + size_note(ctx, refresh.view) +
                            " takes an ACCESS EXCLUSIVE lock on it, blocking every read of the view until its query has "
                            "run again and the result replaced the old contents")
        .severity(lock_severity(ctx, refresh.view, Severity::warning))
        .help(help);
}

}  // namespace

const Rule& refresh_matview_non_concurrent() {
    static const Rule rule{
        .id = "refresh-matview-non-concurrent",
        .summary = "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view while it refreshes.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::refresh_matview},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

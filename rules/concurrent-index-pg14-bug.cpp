// CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY on PostgreSQL 14.0 to 14.3.
// Those releases could build an index that silently misses rows updated
// during the build (HOT-pruned tuples); 14.4 fixed it and advises checking
// such indexes with amcheck (PostgreSQL 14.4 release notes, June 2022).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

constexpr PgVersion k_bug_from{14, 0};
constexpr PgVersion k_fixed_in{14, 4};

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    std::string what;
    std::string rebuild;  // the statement that rebuilds what this op builds, once the server is fixed
    QualifiedName table;
    if (const auto* create = op.get<CreateIndex>()) {
        // A plain CREATE INDEX builds from one snapshot under SHARE: the bug is in the concurrent path only.
        if (!create->concurrently) return;
        table = create->table;
        what = "CREATE INDEX CONCURRENTLY" + (create->name.empty() ? " on " + quoted(create->table) : " " + quoted(create->name));
        // An unnamed index is rebuilt with the rest of its table's indexes.
        const auto rebuilt = create->name.empty() ? ReindexOp{ReindexOp::Target::table, create->table, true}
                                                  : ReindexOp{ReindexOp::Target::index, {create->table.schema, create->name}, true};
        rebuild = reindex_statement(rebuilt, true);
    } else {
        const auto& reindex = op.as<ReindexOp>();
        if (!reindex.concurrently) return;
        if (reindex.target == ReindexOp::Target::table) table = reindex.name;
        what = "REINDEX " + std::string(reindex_keyword(reindex.target)) + " CONCURRENTLY " + quoted(reindex.name);
        rebuild = reindex_statement(reindex, true);
    }
    // A table created earlier in this migration receives no concurrent updates during the build.
    if (!table.empty() && !is_existing_table(ctx, table)) return;
    out.report(op.span, what + " on PostgreSQL " + ctx.pg_version().display() +
                            " can build an index that silently misses rows updated during the build (fixed in 14.4)")
        .help("upgrade the server to PostgreSQL 14.4 or later before building indexes concurrently; indexes built "
              "concurrently on 14.0 to 14.3 may already miss rows: check them with `pg_amcheck --heapallindexed`, and "
              "after the upgrade rebuild them:\n" +
              SafeForm(op, ctx).run_outside_transaction(rebuild).text());
}

}  // namespace

const Rule& concurrent_index_pg14_bug() {
    static const Rule rule{
        .id = "concurrent-index-pg14-bug",
        .summary = "CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY on PostgreSQL 14.0 to 14.3 can build corrupt indexes.",
        .default_severity = Severity::error,
        .lock = "",
        .blocks = "",
        .pg_versions = {k_bug_from, k_fixed_in},
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_index, OpKind::reindex},
        .check = &check,
        .tags = {"corruption", "version"},
    };
    return rule;
}

}  // namespace miglint::rules

// CLUSTER.
// Lock: ACCESS EXCLUSIVE on the table while it is rewritten in index order
// with its indexes rebuilt (PostgreSQL manual, "CLUSTER": "When a table is
// being clustered, an ACCESS EXCLUSIVE lock is acquired on it. This prevents
// any other database operations (both reads and writes) from operating on the
// table until the CLUSTER is finished").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& cluster = op.as<Cluster>();
    // A table created earlier in this migration is unused: the rewrite blocks nobody.
    if (!cluster.table.empty() && !is_existing_table(ctx, cluster.table)) return;
    const auto what = cluster.table.empty() ? std::string("every table clustered before, one at a time,")
                                            : quoted(cluster.table) + size_note(ctx, cluster.table);
    const auto repack = "pg_repack" + (cluster.table.empty() ? std::string(" --all") : repack_table_option(cluster.table)) +
                        " --order-by <index columns> --dbname <database>";
    out.report(op.span, "CLUSTER rewrites " + what + " in index order under an ACCESS EXCLUSIVE lock, blocking reads and "
                        "writes until the copy and its indexes are built")
        .severity(cluster.table.empty() ? Severity::warning : lock_severity(ctx, cluster.table, Severity::warning))
        .help("reorder the table online with pg_repack, outside the migration (it holds ACCESS EXCLUSIVE only briefly, "
              "to swap the files):\n" + repack + "\nor leave the physical order alone: an index serves the queries either way");
}

}  // namespace

const Rule& cluster() {
    static const Rule rule{
        .id = "cluster",
        .summary = "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::cluster},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

// ALTER TABLE ... DETACH PARTITION without CONCURRENTLY.
// Lock: ACCESS EXCLUSIVE on the partitioned table (and on the partition), so
// every query on the parent waits (PostgreSQL manual, "ALTER TABLE": DETACH
// PARTITION; tablecmds.c, AlterTableGetLockLevel). DETACH PARTITION ...
// CONCURRENTLY exists since PostgreSQL 14 and takes SHARE UPDATE EXCLUSIVE on
// the parent; it cannot run in a transaction block or with a DEFAULT partition.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

constexpr PgVersion k_concurrently_since{14, 0};

std::string safe_way(const DetachPartition& detach, const Operation& op, const RuleContext& ctx) {
    const auto plain = "ALTER TABLE " + quote_qualified(detach.table) + " DETACH PARTITION " + quote_qualified(detach.partition);
    if (ctx.pg_version() < k_concurrently_since) {
        return "PostgreSQL " + std::to_string(ctx.pg_version().major) +
               " has no DETACH PARTITION CONCURRENTLY: keep the wait short, so queries do not queue behind the lock, and "
               "retry on timeout:\n" +
               SafeForm(op, ctx).run("SET lock_timeout = '2s'").run(plain).text();
    }
    return "detach it concurrently, outside a transaction block (SHARE UPDATE EXCLUSIVE on " + quoted(detach.table) + "):\n" +
           SafeForm(op, ctx).run_outside_transaction(plain + " CONCURRENTLY").text() +
           "\n(not possible while the table has a DEFAULT partition; if it is interrupted, finish it with "
           "DETACH PARTITION ... FINALIZE)";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& detach = op.as<DetachPartition>();
    // CONCURRENTLY and FINALIZE take SHARE UPDATE EXCLUSIVE on the parent: reads and writes go on.
    if (detach.concurrently || detach.finalize) return;
    // A partitioned table created earlier in this migration is unused.
    if (!is_existing_table(ctx, detach.table)) return;
    out.report(op.span, "detaching partition " + quoted(detach.partition) + " takes an ACCESS EXCLUSIVE lock on " +
                            quoted(detach.table) + size_note(ctx, detach.table) +
                            ", blocking reads and writes of every partition while it waits for running queries" +
                            (ctx.pg_version() < k_concurrently_since ? ", and PostgreSQL before 14 has no concurrent form" : ""))
        .severity(lock_severity(ctx, detach.table, Severity::warning))
        .help(safe_way(detach, op, ctx));
}

}  // namespace

const Rule& detach_partition_non_concurrent() {
    static const Rule rule{
        .id = "detach-partition-non-concurrent",
        .summary = "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::detach_partition},
        .check = &check,
        .tags = {"locking", "partitioning"},
    };
    return rule;
}

}  // namespace miglint::rules

// CREATE INDEX without CONCURRENTLY on an existing table.
// Lock: SHARE on the table for the whole build, blocking INSERT, UPDATE and
// DELETE (PostgreSQL manual, "CREATE INDEX": "Building Indexes Concurrently").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/index_text.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const Operation& op, const RuleContext& ctx) {
    return "build it without blocking writes (outside a transaction block):\n" + concurrent_form(op, ctx);
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& index = op.as<CreateIndex>();
    // Already concurrent: the build takes SHARE UPDATE EXCLUSIVE, which lets writes through.
    if (index.concurrently) return;
    // A table created earlier in this migration is empty and unused: the lock costs nothing.
    if (!is_existing_table(ctx, index.table)) return;
    // ON ONLY builds an invalid parent index without touching partitions (instant).
    if (index.only) return;
    const auto name = index.name.empty() ? std::string("an index") : "index " + quoted(index.name);
    out.report(op.span, "creating " + name + " takes a SHARE lock on " + quoted(index.table) + size_note(ctx, index.table) +
                            ", blocking writes until the index is built")
        .severity(lock_severity(ctx, index.table, Severity::warning))
        .help(safe_way(op, ctx))
        .fix(add_concurrently(op, ctx, offset_after_keyword(op, *ctx.migration().source, "INDEX")));
}

}  // namespace

const Rule& non_concurrent_index() {
    static const Rule rule{
        .id = "non-concurrent-index",
        .summary = "CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index builds.",
        .default_severity = Severity::warning,
        .lock = "SHARE",
        .blocks = "writes",
        .scans_table = true,  // the build reads every row (lock-truth: seq_tup_read = row count)
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::safe_or_unsafe,
        .fix_does = "adds CONCURRENTLY; unsafe where it also takes the file out of its transaction (goose, dbmate, "
                    "Flyway, diesel) or moves the statement into a migration of its own",
        .applies_to = {OpKind::create_index},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

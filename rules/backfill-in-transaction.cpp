// UPDATE or DELETE of an existing table in the same transaction as DDL on
// that table. The DDL's lock (ACCESS EXCLUSIVE for most ALTER TABLE forms,
// SHARE for CREATE INDEX) is held until the transaction ends, so it covers the
// whole backfill; and one big transaction keeps every row it touched locked
// and every dead row version unvacuumable until it commits (PostgreSQL
// manual, "Explicit Locking": locks are held until the end of the transaction;
// "Routine Vacuuming": dead tuples still visible to an open transaction
// cannot be removed).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

struct Ddl {
    const Operation* op = nullptr;
    TableLock lock;
    bool before = false;
};

// The first statement of the same transaction, before `op` or else after it,
// that takes a lock blocking reads or writes of `table`.
std::optional<Ddl> ddl_on_table(const Operation& op, const QualifiedName& table, const RuleContext& ctx) {
    const auto& ops = ctx.operations();
    const auto key = SchemaState::key(table);
    std::optional<Ddl> after;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& other = ops[i];
        if (i == ctx.position() || other.transaction_id != op.transaction_id || other.statement == op.statement) continue;
        for (auto& lock : table_locks(other, ctx)) {
            if (!blocks_reads_or_writes(lock.mode) || lock.table.empty() || SchemaState::key(lock.table) != key) continue;
            if (i < ctx.position()) return Ddl{&other, std::move(lock), true};
            if (!after) after = Ddl{&other, std::move(lock), false};
        }
    }
    return after;
}

std::string safe_way(const Operation& op, const RuleContext& ctx) {
    const auto batched = batched_change(op, ctx);
    SafeForm steps(op, ctx);
    if (!batched.note.empty()) steps.note(batched.note);
    return "move the backfill to a " + std::string(unit_words(ctx).unit) +
           " of its own, outside the DDL's transaction, and run it in batches, each committed on its own:\n" +
           steps.repeat_in_batches(batched.sql).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& change = op.as<DataChange>();
    // An INSERT adds rows; it is not a backfill of existing ones.
    if (change.kind == DataChange::Kind::insert) return;
    // Outside a transaction block the statement commits on its own, and so does the DDL.
    if (op.in_transaction != InTransaction::yes || op.transaction_id == 0) return;
    // A table created earlier in this migration holds only the rows this migration wrote.
    if (!is_existing_table(ctx, change.table)) return;
    const auto ddl = ddl_on_table(op, change.table, ctx);
    // No DDL on this table in the same transaction: no strong lock to keep.
    if (!ddl) return;
    const auto verb = change.kind == DataChange::Kind::update ? std::string("updating ") : std::string("deleting from ");
    const auto ddl_line = std::to_string(ctx.migration().source->line_of(ddl->op->span.begin));
    const auto lock = std::string(ddl->lock.mode == "ACCESS EXCLUSIVE" ? "an " : "a ") + ddl->lock.mode + " lock";
    const auto held = ddl->before
                          ? "runs under the " + ddl->lock.mode + " lock that the " + statement_name(*ddl->op) + " at line " +
                                ddl_line + " took, blocking " + std::string(blocked_by(ddl->lock.mode)) +
                                " for the whole backfill"
                          : "holds its row locks until the " + statement_name(*ddl->op) + " at line " + ddl_line +
                                " has taken " + lock + " and the transaction commits";
    out.report(op.span, verb + quoted(change.table) + size_note(ctx, change.table) + " in the same transaction as DDL on it " +
                            held + ", and bloats the table with dead rows no vacuum can remove until then")
        .severity(lock_severity(ctx, change.table, Severity::warning))
        .help(safe_way(op, ctx));
}

}  // namespace

const Rule& backfill_in_transaction() {
    static const Rule rule{
        .id = "backfill-in-transaction",
        .summary = "An UPDATE or DELETE of an existing table runs in the same transaction as DDL on that table, keeping the DDL's lock for the whole backfill.",
        .default_severity = Severity::warning,
        .enabled_by_default = true,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::data_change},
        .check = &check,
        .tags = {"locking", "transactions", "data"},
    };
    return rule;
}

}  // namespace miglint::rules

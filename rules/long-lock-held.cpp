// Within one transaction, a statement takes ACCESS EXCLUSIVE on an existing
// table and a later statement of the same transaction does slow work (a scan,
// rewrite, index build or data change) or waits for another table's lock:
// the ACCESS EXCLUSIVE lock is held all that time, blocking every read and
// write of the first table (PostgreSQL manual, "Explicit Locking": "Once
// acquired, a lock is normally held until the end of the transaction").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <set>

namespace miglint::rules {
namespace {

// The first ACCESS EXCLUSIVE lock of the transaction on a table that existed before this migration.
struct Held {
    std::uint32_t transaction = 0;
    std::uint32_t statement = 0;
    TableLock lock;
    std::string statement_name;
    std::uint32_t line = 0;
    Step written;
    bool in_batch = false;  // a batch_op.* call
};

bool same_table(const QualifiedName& a, const QualifiedName& b) {
    return !a.empty() && !b.empty() && SchemaState::key(a) == SchemaState::key(b);
}

std::optional<TableLock> access_exclusive_lock(const Operation& op, const RuleContext& ctx) {
    for (auto& lock : table_locks(op, ctx)) {
        if (lock.mode == "ACCESS EXCLUSIVE" && !lock.table.empty() && is_existing_table(ctx, lock.table)) return std::move(lock);
    }
    return std::nullopt;
}

// True when `op` itself takes ACCESS EXCLUSIVE on `table`: it would hold it for its work anyway.
bool locks_exclusively(const Operation& op, const QualifiedName& table, const RuleContext& ctx) {
    for (const auto& lock : table_locks(op, ctx)) {
        if (lock.mode == "ACCESS EXCLUSIVE" && same_table(lock.table, table)) return true;
    }
    return false;
}

// What the later statement does while the lock is held, as the subject of the
// message ("an index build on `t` (CREATE INDEX) runs"), or empty when nothing slow.
std::string slow_part(const Operation& op, const Held& held, bool wait_bounded, const RuleContext& ctx) {
    if (const auto work = slow_work(op, ctx)) {
        const bool on_held_table = same_table(work->table, held.lock.table);
        // Its own ACCESS EXCLUSIVE on the same table: splitting the transaction would not shorten the lock.
        if (on_held_table && locks_exclusively(op, held.lock.table, ctx)) return {};
        // A backfill of the locked table itself is backfill-in-transaction's finding.
        if (on_held_table && op.kind() == OpKind::data_change) return {};
        const auto statement = op.kind() == OpKind::data_change ? std::string() : " (" + statement_name(op) + ")";
        return work->what + " " + work->target + statement + " runs";
    }
    // A SELECT reading every row of an existing table takes as long as the table is large.
    if (op.kind() == OpKind::other) {
        const auto& read = op.as<Other>().reads_whole;
        if (!read.empty() && is_existing_table(ctx, read)) return "a full read of " + quoted(read) + " (SELECT) runs";
    }
    if (const auto lock = blocking_lock(op, ctx); lock && !wait_bounded && !same_table(lock->table, held.lock.table)) {
        return "the " + statement_name(op) + " waits for " + std::string(lock->mode == "ACCESS EXCLUSIVE" ? "an " : "a ") +
               lock->mode + " lock on " + lock->target;
    }
    return {};
}


std::string safe_way(const Held& held, const Operation& op, const RuleContext& ctx) {
    // A batch runs its operations when its `with` block exits: moving batch_op calls inside the block changes nothing.
    const auto batch = held.in_batch || op.outside_batch
                           ? std::string(", as op.* calls outside the `with op.batch_alter_table(...)` block, which runs "
                                         "its operations only when it exits")
                           : std::string();
    return "commit right after the short lock, so the slow step runs in its own transaction (or its own " +
           std::string(unit_words(ctx).unit) + "; use the CONCURRENTLY form there where one exists)" + batch + ":\n" +
           SafeForm(op, ctx).run(held.written).commit().run_outside_transaction(as_written(op, ctx)).text();
}

OperationVisitor walk(const Migration& migration, const MigrationContext&, Reporter& out) {
    return [&migration, &out, held = std::optional<Held>(), reported = std::set<std::uint32_t>(),
            lock_timeout = SettingInEffect("lock_timeout")](const Operation& op, const RuleContext& op_ctx) mutable {
        // With a lock timeout the wait, and so the time the held lock is kept for it, is bounded.
        const bool wait_bounded =
            lock_timeout.advance(op) || op_ctx.settings().runner_sets_timeouts || migration.runner_sets_lock_timeout;
        // Outside a transaction block every statement commits, and its locks go, on its own.
        if (op.in_transaction != InTransaction::yes || op.transaction_id == 0) return true;
        if (held && held->transaction != op.transaction_id) held.reset();
        if (!held) {
            if (auto lock = access_exclusive_lock(op, op_ctx)) {
                const auto line = migration.source->line_of(op.span.begin);
                held = Held{op.transaction_id, op.statement, std::move(*lock), statement_name(op), line,
                            as_written(op, op_ctx), op.outside_batch.has_value()};
            }
            return true;
        }
        // Several operations of one statement (ALTER TABLE a, b) are one step; one finding per transaction.
        if (op.statement == held->statement || reported.count(op.transaction_id) > 0) return true;
        const auto slow = slow_part(op, *held, wait_bounded, op_ctx);
        if (slow.empty()) return true;
        out.report(op.span, slow + " while the ACCESS EXCLUSIVE lock on " + held->lock.target +
                                size_note(op_ctx, held->lock.table) + " taken by the " + held->statement_name + " at line " +
                                std::to_string(held->line) + " is still held, blocking every read and write of " +
                                held->lock.target + " until the transaction commits")
            .severity(lock_severity(op_ctx, held->lock.table, Severity::warning))
            .help(safe_way(*held, op, op_ctx));
        reported.insert(op.transaction_id);
        return true;
    };
}

const Rule& self() {
    static const Rule rule{
        .id = "long-lock-held",
        .summary = "A transaction keeps an ACCESS EXCLUSIVE lock on an existing table while a later statement does slow work or waits for another lock.",
        .default_severity = Severity::warning,
        .enabled_by_default = true,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .walk_migration = &walk,
        .tags = {"locking", "transactions"},
    };
    return rule;
}

}  // namespace

const Rule& long_lock_held() { return self(); }

}  // namespace miglint::rules

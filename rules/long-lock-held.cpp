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
std::string slow_part(const Operation& op, const Held& held, const std::set<std::string>& locked, bool wait_bounded,
                      const RuleContext& ctx) {
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
    // A lock the transaction already holds in ACCESS EXCLUSIVE mode is no wait.
    if (const auto lock = blocking_lock(op, ctx);
        lock && !wait_bounded && !same_table(lock->table, held.lock.table) && !locked.contains(SchemaState::key(lock->table))) {
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

// Follows one migration's transactions: the first ACCESS EXCLUSIVE lock each
// takes on an existing table, and every table it holds that way.
class LockWalk {
public:
    LockWalk(const Migration& migration, Reporter& out) : m_migration(&migration), m_out(&out) {}

    bool operator()(const Operation& op, const RuleContext& ctx) {
        // With a lock timeout the wait, and so the time the held lock is kept for it, is bounded.
        const bool wait_bounded =
            m_lock_timeout.advance(op) || ctx.settings().runner_sets_timeouts || m_migration->runner_sets_lock_timeout;
        // Outside a transaction block every statement commits, and its locks go, on its own.
        if (op.in_transaction != InTransaction::yes || op.transaction_id == 0) return true;
        if (m_held && m_held->transaction != op.transaction_id) m_held.reset();
        if (m_locked_in != op.transaction_id) {
            m_locked.clear();
            m_locked_in = op.transaction_id;
        }
        judge(op, ctx, wait_bounded);
        note_locks(op, ctx);
        return true;
    }

private:
    void judge(const Operation& op, const RuleContext& ctx, bool wait_bounded) {
        if (!m_held) {
            if (auto lock = access_exclusive_lock(op, ctx)) {
                const auto line = m_migration->source->line_of(op.span.begin);
                m_held = Held{op.transaction_id, op.statement, std::move(*lock), statement_name(op), line, as_written(op, ctx),
                              op.outside_batch.has_value()};
            }
            return;
        }
        // Several operations of one statement (ALTER TABLE a, b) are one step; one finding per transaction.
        if (op.statement == m_held->statement || m_reported.count(op.transaction_id) > 0) return;
        const auto slow = slow_part(op, *m_held, m_locked, wait_bounded, ctx);
        if (slow.empty()) return;
        const auto& held = *m_held;
        m_out->report(op.span, slow + " while the ACCESS EXCLUSIVE lock on " + held.lock.target +
                                   size_note(ctx, held.lock.table) + " taken by the " + held.statement_name + " at line " +
                                   std::to_string(held.line) + " is still held, blocking every read and write of " +
                                   held.lock.target + " until the transaction commits")
            .severity(lock_severity(ctx, held.lock.table, Severity::warning))
            .help(safe_way(held, op, ctx));
        m_reported.insert(op.transaction_id);
    }

    // What the transaction now holds ACCESS EXCLUSIVE (dropping a table locks
    // the tables its keys reference too); a renamed table keeps its lock under its new name.
    void note_locks(const Operation& op, const RuleContext& ctx) {
        for (const auto& lock : table_locks(op, ctx)) {
            if (lock.mode == "ACCESS EXCLUSIVE" && !lock.table.empty()) m_locked.insert(SchemaState::key(lock.table));
        }
        if (const auto* rename = op.get<RenameTable>()) {
            const QualifiedName renamed{rename->table.schema, rename->new_name};
            if (m_locked.erase(SchemaState::key(rename->table)) > 0) m_locked.insert(SchemaState::key(renamed));
            if (m_held && same_table(m_held->lock.table, rename->table)) m_held->lock.table = renamed;
        }
    }

    const Migration* m_migration;
    Reporter* m_out;
    std::optional<Held> m_held;
    std::set<std::uint32_t> m_reported;
    std::set<std::string> m_locked;
    std::uint32_t m_locked_in = 0;
    SettingInEffect m_lock_timeout{"lock_timeout"};
};

OperationVisitor walk(const Migration& migration, const MigrationContext&, Reporter& out) {
    return LockWalk(migration, out);
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

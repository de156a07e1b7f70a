// A migration takes a lock that blocks reads or writes of an existing table
// with no `SET lock_timeout` before it. A lock request waits in a queue, and
// every later request that conflicts with it waits behind it: an ALTER TABLE
// stuck behind one long query stops all reads and writes of the table
// (PostgreSQL manual, "Explicit Locking", 13.3.1; "Client Connection
// Defaults", lock_timeout: "Abort any statement that waits longer than the
// specified amount of time while attempting to acquire a lock").
// No lock of its own: the finding is about the locks other statements take.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const Operation& op, const RuleContext& ctx) {
    const auto& words = unit_words(ctx);
    return "set a lock timeout " + std::string(words.top) +
           ", so the statement gives up instead of queueing every query behind it, and retry the migration when it "
           "times out:\n" +
           SafeForm(op, ctx).run("SET lock_timeout = " + sql_string(ctx.settings().fix_lock_timeout)).text() + "\nif " +
           std::string(words.runner) + " sets it, say so in the config: runner-sets-timeouts = true";
}

OperationVisitor walk(const Migration& migration, const MigrationContext& ctx, Reporter& out) {
    // The runner sets lock_timeout on its connection before running the migration
    // (config says so, or the Alembic env.py that runs it does).
    if (ctx.settings().runner_sets_timeouts || migration.runner_sets_lock_timeout) return nullptr;
    return [&out, timeout = SettingInEffect("lock_timeout")](const Operation& op, const RuleContext& op_ctx) mutable {
        // A SET lock_timeout (or SET LOCAL in this transaction) earlier in the migration covers it.
        if (timeout.advance(op)) return true;
        // Only locks that block reads or writes of a table that existed before this migration.
        const auto lock = blocking_lock(op, op_ctx);
        if (!lock) return true;
        const auto blocked = std::string(blocked_by(lock->mode) == "writes" ? "write" : "read and write");
        out.report(op.span, "this migration takes " + std::string(lock->mode == "ACCESS EXCLUSIVE" ? "an " : "a ") +
                                lock->mode + " lock on " + lock->target + " (" + statement_name(op) +
                                ") with no lock_timeout set first, so while it waits behind a long query every " +
                                blocked + " of " + lock->target + " queues behind it")
            .help(safe_way(op, op_ctx))
            .fix(set_at_top(op_ctx, "lock_timeout", op_ctx.settings().fix_lock_timeout));
        return false;  // once per migration: the first statement that needs it
    };
}

const Rule& self() {
    static const Rule rule{
        .id = "missing-lock-timeout",
        .summary = "A migration takes a lock that blocks reads or writes of an existing table without setting lock_timeout first.",
        .default_severity = Severity::warning,
        .enabled_by_default = true,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,  // SET at the top of the migration (fix-lock-timeout in config)
        .fix_safety = FixSafety::unsafe,
        .fix_does = "adds SET lock_timeout (the fix-lock-timeout value, 5s by default) before the first statement of the migration",
        .walk_migration = &walk,
        .tags = {"locking", "timeouts"},
    };
    return rule;
}

}  // namespace

const Rule& missing_lock_timeout() { return self(); }

}  // namespace miglint::rules

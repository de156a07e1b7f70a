// A migration runs a statement whose time grows with an existing table (a
// scan, rewrite, index build, UPDATE or DELETE) with no `SET
// statement_timeout` before it, so nothing bounds how long it holds its locks
// (PostgreSQL manual, "Client Connection Defaults", statement_timeout: "Abort
// any statement that takes more than the specified amount of time";
// "Explicit Locking": locks are held until the transaction ends). From
// PostgreSQL 17, transaction_timeout bounds it too: it ends the whole
// transaction (or a statement outside one), and with it every lock it holds.
// No lock of its own: the finding is about the locks the slow statement holds.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// The lock `op` holds on the table it works on, for the message.
std::string lock_held(const Operation& op, const SlowWork& work, const RuleContext& ctx) {
    for (const auto& lock : table_locks(op, ctx)) {
        if (SchemaState::key(lock.table) == SchemaState::key(work.table)) {
            return (lock.mode == "ACCESS EXCLUSIVE" ? "the ACCESS EXCLUSIVE" : "the " + lock.mode) + " lock on " + work.target;
        }
    }
    return "its locks";
}

std::string safe_way(const Operation& op, const RuleContext& ctx) {
    const auto& words = unit_words(ctx);
    return "bound how long it may run (and hold its locks) by setting a statement timeout " + std::string(words.top) +
           "; if it times out, rework the step (batches, CONCURRENTLY, NOT VALID) rather than raise the limit:\n" +
           SafeForm(op, ctx).run("SET statement_timeout = " + sql_string(ctx.settings().fix_statement_timeout)).text() +
           "\nif " + std::string(words.runner) + " sets it, say so in the config: runner-sets-timeouts = true";
}

OperationVisitor walk(const Migration& migration, const MigrationContext& ctx, Reporter& out) {
    // The runner sets statement_timeout on its connection before running the migration
    // (config says so, or the Alembic env.py that runs it does).
    if (ctx.settings().runner_sets_timeouts || migration.runner_sets_statement_timeout) return nullptr;
    const bool has_transaction_timeout = ctx.pg_version() >= PgVersion{17, 0};
    return [&out, has_transaction_timeout, timeout = SettingInEffect("statement_timeout"),
            transaction_timeout = SettingInEffect("transaction_timeout")](const Operation& op, const RuleContext& op_ctx) mutable {
        // A SET statement_timeout (or SET LOCAL in this transaction) earlier in the migration bounds it;
        // so does transaction_timeout on 17 and later (before 17 SET transaction_timeout fails).
        const bool by_statement = timeout.advance(op);
        const bool by_transaction = transaction_timeout.advance(op) && has_transaction_timeout;
        if (by_statement || by_transaction) return true;
        // Only work that grows with a table that existed before this migration (new tables are empty).
        const auto work = slow_work(op, op_ctx);
        if (!work) return true;
        // "an UPDATE of `t`" names its statement already.
        const auto statement = op.kind() == OpKind::data_change ? std::string() : " (" + statement_name(op) + ")";
        out.report(op.span, work->what + " " + work->target + statement + " takes as long as the table is large, and no statement_timeout is set in this "
                                "migration to bound how long it holds " + lock_held(op, *work, op_ctx))
            .help(safe_way(op, op_ctx))
            .fix(set_at_top(op_ctx, "statement_timeout", op_ctx.settings().fix_statement_timeout));
        return false;  // once per migration: the first statement that needs it
    };
}

const Rule& self() {
    static const Rule rule{
        .id = "missing-statement-timeout",
        .summary = "A migration runs a statement that scans, rewrites or changes an existing table without setting statement_timeout first.",
        .default_severity = Severity::warning,
        .enabled_by_default = false,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,  // SET at the top of the migration (fix-statement-timeout in config)
        .fix_safety = FixSafety::unsafe,
        .fix_does = "adds SET statement_timeout (the fix-statement-timeout value, 15min by default) before the first statement of the migration",
        .walk_migration = &walk,
        .tags = {"locking", "timeouts"},
    };
    return rule;
}

}  // namespace

const Rule& missing_statement_timeout() { return self(); }

}  // namespace miglint::rules

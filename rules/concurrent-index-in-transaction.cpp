// CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY or REINDEX ... CONCURRENTLY
// inside a transaction block: PostgreSQL refuses them before taking any lock
// ("cannot run inside a transaction block"; PostgreSQL manual, "CREATE INDEX":
// "a regular CREATE INDEX command can be performed within a transaction block,
// but CREATE INDEX CONCURRENTLY cannot"; the same for DROP INDEX and REINDEX).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// The statement as SQL, and what to call it in the message.
struct Statement {
    std::string what;  // "CREATE INDEX CONCURRENTLY `idx`"
    Step step;         // CREATE INDEX CONCURRENTLY idx ON t (a)
};

Statement describe(const Operation& op) {
    if (const auto* create = op.get<CreateIndex>()) {
        return {std::string("CREATE ") + (create->unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY" +
                    (create->name.empty() ? " on " + quoted(create->table) : " " + quoted(create->name)),
                create_index_step(*create, {.concurrently = true, .if_not_exists = create->if_not_exists})};
    }
    if (const auto* drop = op.get<DropIndex>()) {
        return {"DROP INDEX CONCURRENTLY " + quoted(drop->index), drop_index_step(*drop, true)};
    }
    const auto& reindex = op.as<ReindexOp>();
    return {"REINDEX " + std::string(reindex_keyword(reindex.target)) + " CONCURRENTLY " + quoted(reindex.name),
            {reindex_statement(reindex, true), {}}};
}

bool is_concurrent(const Operation& op) {
    if (const auto* create = op.get<CreateIndex>()) return create->concurrently;
    if (const auto* drop = op.get<DropIndex>()) return drop->concurrently;
    return op.as<ReindexOp>().concurrently;
}

// True when an explicit BEGIN in this file opened the transaction `op` runs in
// (rather than the runner or --assume-in-transaction).
bool opened_by_explicit_begin(const Operation& op, const RuleContext& ctx) {
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto& earlier = ctx.operations()[i];
        const auto* tx = earlier.get<Transaction>();
        if (tx != nullptr && tx->kind == TransactionKind::begin && earlier.transaction_id == op.transaction_id) return true;
    }
    return false;
}

std::string safe_way(const Operation& op, const Statement& statement, const RuleContext& ctx) {
    if (ctx.migration().runner == RunnerTransaction::single_query) {
        // A COMMIT does not help here: the rest of the query string opens a new implicit transaction.
        return "put it alone in a migration file of its own: the runner sends a file as one query string, and "
               "PostgreSQL runs a string of several statements as one transaction, even after a COMMIT:\n" +
               SafeForm(op, ctx).run(statement.step).text();
    }
    if (opened_by_explicit_begin(op, ctx)) {
        return "move it after the COMMIT that ends the transaction block, so it runs on its own:\n" +
               SafeForm(op, ctx).run("COMMIT").run(statement.step).text();
    }
    const auto& words = unit_words(ctx);
    return "run it outside the " + std::string(words.unit) + "'s transaction, " + std::string(words.outside) +
           ", which commits the work before it:\n" +
           SafeForm(op, ctx).run_outside_transaction(statement.step).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    // The plain forms may run in a transaction block (other rules judge their locks).
    if (!is_concurrent(op)) return;
    // Outside a transaction block (plain SQL file, after COMMIT, Alembic autocommit_block) it runs as meant.
    if (op.in_transaction != InTransaction::yes) return;
    const auto statement = describe(op);
    out.report(op.span, statement.what +
                            " runs inside a transaction block, where PostgreSQL refuses it (\"cannot run inside a "
                            "transaction block\") before taking any lock, so the migration fails")
        .help(safe_way(op, statement, ctx))
        .fix(run_concurrently_outside(op, ctx));
}

}  // namespace

const Rule& concurrent_index_in_transaction() {
    static const Rule rule{
        .id = "concurrent-index-in-transaction",
        .summary = "CREATE INDEX, DROP INDEX or REINDEX with CONCURRENTLY inside a transaction block fails at run time.",
        .default_severity = Severity::error,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::unsafe,
        .fix_does = "moves an Alembic call into op.get_context().autocommit_block(), which commits the work before it; "
                    "in SQL, takes the file out of its transaction (goose, dbmate, Flyway's .conf, diesel's "
                    "metadata.toml) or moves the statement into a migration of its own",
        .applies_to = {OpKind::create_index, OpKind::drop_index, OpKind::reindex},
        .check = &check,
        .tags = {"transactions", "alembic", k_run_time_failure},
    };
    return rule;
}

}  // namespace miglint::rules

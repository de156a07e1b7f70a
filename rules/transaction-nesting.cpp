// BEGIN inside an open transaction, or COMMIT / ROLLBACK inside the
// transaction the migration runner opened for the file.
// PostgreSQL answers a nested BEGIN with the warning "there is already a
// transaction in progress" and does nothing; the next COMMIT then ends the
// outer transaction (PostgreSQL manual, "BEGIN", "COMMIT").
#include <miglint/rule.hpp>

#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

bool is_wrapped(const RuleContext& ctx) {
    return ctx.migration().runner == RunnerTransaction::per_file;
}

bool ends_transaction(const Operation& op) {
    const auto* tx = op.get<Transaction>();
    return tx != nullptr && (tx->kind == TransactionKind::commit || tx->kind == TransactionKind::rollback ||
                             tx->kind == TransactionKind::prepare);
}

// Whether a transaction was open just before the operation at `position`, as the
// transaction pass (src/pipeline/transactions.cpp) left it: the runner's transaction
// at the start and after an autocommit block, none after COMMIT / ROLLBACK,
// otherwise the state of the operation before.
bool open_before(const RuleContext& ctx, std::size_t position) {
    const auto& ops = ctx.operations();
    if (position == 0) return is_wrapped(ctx);
    const auto& previous = ops[position - 1];
    if (previous.autocommit) return is_wrapped(ctx);
    if (ends_transaction(previous)) return false;
    return previous.in_transaction == InTransaction::yes;
}

// True when transaction `id` is the runner's, not one an explicit BEGIN opened:
// a BEGIN that opens a transaction is the first operation with its id.
bool is_runner_transaction(const RuleContext& ctx, std::uint32_t id) {
    const auto& ops = ctx.operations();
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].transaction_id != id) continue;
        const auto* tx = ops[i].get<Transaction>();
        return !(tx != nullptr && tx->kind == TransactionKind::begin && !open_before(ctx, i));
    }
    return false;
}

// True when a BEGIN before the current operation ran in transaction `id`.
bool begun_earlier(const RuleContext& ctx, std::uint32_t id) {
    const auto& ops = ctx.operations();
    return std::any_of(ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(ctx.position()), [&](const Operation& op) {
        const auto* tx = op.get<Transaction>();
        return tx != nullptr && tx->kind == TransactionKind::begin && op.transaction_id == id;
    });
}

// The transaction the file runs in without any BEGIN of its own.
std::string outer_transaction(const RuleContext& ctx) {
    return ctx.migration().runner == RunnerTransaction::single_query
               ? "the implicit transaction PostgreSQL runs this file in (the runner sends it as one query string)"
               : "the transaction the migration runner opened for this file";
}

// "remove `BEGIN;`" as the file writes it.
std::string remove(const Operation& op, const RuleContext& ctx) {
    return "remove `" + SafeForm(op, ctx).run(as_written(op, ctx)).text() + "`";
}

// The runner's transaction is the one to keep, and where what must run outside it goes.
std::string keep_runners(const RuleContext& ctx) {
    const auto& words = unit_words(ctx);
    return std::string(words.runner) + " commits the " + std::string(words.unit) +
           "'s transaction when it succeeds and rolls it back when it fails; run statements that must not be in it " +
           std::string(words.outside);
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& tx = op.as<Transaction>();
    // Inside autocommit_block() the transaction pass does not follow explicit transactions.
    if (op.autocommit) return;
    if (tx.kind == TransactionKind::begin) {
        // BEGIN with no transaction open starts one: that is its job.
        if (!open_before(ctx, ctx.position())) return;
        const bool runner = is_runner_transaction(ctx, op.transaction_id);
        // A BEGIN in an implicit transaction turns it into an explicit one, silently.
        if (runner && ctx.migration().runner == RunnerTransaction::single_query) return;
        const std::string outer = runner ? outer_transaction(ctx) : "the transaction an earlier BEGIN opened";
        out.report(op.span, "BEGIN inside " + outer +
                                " only warns \"there is already a transaction in progress\", and the next COMMIT "
                                "ends the outer transaction early")
            .help(runner ? remove(op, ctx) + " and its COMMIT: " + keep_runners(ctx)
                         : remove(op, ctx) + ", or end the earlier transaction with a COMMIT before it");
        return;
    }
    // SAVEPOINT, RELEASE and the rest nest properly.
    if (tx.kind != TransactionKind::commit && tx.kind != TransactionKind::rollback) return;
    // Outside any transaction, or ending one the file opened itself: the runner's is not touched.
    if (op.in_transaction != InTransaction::yes || !is_runner_transaction(ctx, op.transaction_id)) return;
    // An implicit transaction that a BEGIN turned explicit is the file's own to end.
    if (ctx.migration().runner == RunnerTransaction::single_query && begun_earlier(ctx, op.transaction_id)) return;
    const auto message =
        tx.kind == TransactionKind::commit
            ? "COMMIT ends " + outer_transaction(ctx) +
                  ", so the statements before it stay committed when a later statement of the migration fails"
            : "ROLLBACK undoes the statements before it in " + outer_transaction(ctx) +
                  ", and the statements after it run outside that transaction";
    out.report(op.span, message)
        .help(remove(op, ctx) + ": " + keep_runners(ctx));
}

}  // namespace

const Rule& transaction_nesting() {
    static const Rule rule{
        .id = "transaction-nesting",
        .summary = "BEGIN, COMMIT or ROLLBACK inside a transaction ends the outer transaction early.",
        .default_severity = Severity::warning,
        .applies_to = {OpKind::transaction},
        .check = &check,
        .tags = {"transactions"},
    };
    return rule;
}

}  // namespace miglint::rules

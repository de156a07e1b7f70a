// BEGIN with no COMMIT or ROLLBACK after it in a file the runner does not wrap.
// The session then ends with the transaction open: the runner's disconnect
// rolls it back (PostgreSQL manual, "BEGIN"), or a pooled session keeps it,
// holding its locks, until someone notices.
#include <miglint/rule.hpp>

namespace miglint::rules {
namespace {

bool ends_transaction(const Operation& op) {
    const auto* tx = op.get<Transaction>();
    return tx != nullptr && (tx->kind == TransactionKind::commit || tx->kind == TransactionKind::rollback ||
                             tx->kind == TransactionKind::prepare);
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (op.as<Transaction>().kind != TransactionKind::begin) return;
    // A runner that wraps the file commits whatever is open when the file succeeds.
    if (ctx.migration().runner == RunnerTransaction::per_file) return;
    // Inside autocommit_block() the transaction pass does not follow explicit transactions.
    if (op.autocommit || op.transaction_id == 0) return;
    const auto& ops = ctx.operations();
    // A BEGIN inside a block an earlier BEGIN opened opens nothing (transaction-nesting
    // reports it). One in a query string's implicit transaction (golang-migrate) does
    // open one: the statements before it join the block, and only a COMMIT ends it.
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto* earlier = ops[i].get<Transaction>();
        if (earlier != nullptr && earlier->kind == TransactionKind::begin && ops[i].transaction_id == op.transaction_id) {
            return;
        }
    }
    // A later COMMIT, ROLLBACK or PREPARE TRANSACTION ends it.
    for (std::size_t i = ctx.position() + 1; i < ops.size(); ++i) {
        if (ops[i].transaction_id == op.transaction_id && ends_transaction(ops[i])) return;
    }
    out.report(op.span, "BEGIN opens a transaction that the migration never commits, so the session ends with it "
                        "open and its changes rolled back, or its locks held while the connection lives")
        .help("end the transaction explicitly: add COMMIT; after its last statement");
}

}  // namespace

const Rule& uncommitted_transaction() {
    static const Rule rule{
        .id = "uncommitted-transaction",
        .summary = "BEGIN without a matching COMMIT leaves the migration's transaction open when the file ends.",
        .default_severity = Severity::error,
        .applies_to = {OpKind::transaction},
        .check = &check,
        .tags = {"transactions"},
    };
    return rule;
}

}  // namespace miglint::rules

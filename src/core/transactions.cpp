#include "core/transactions.hpp"

namespace miglint {
namespace {

void annotate(std::vector<Operation>& ops, bool wrapped) {
    std::uint32_t next_id = 1;
    std::uint32_t current = wrapped ? next_id++ : 0;
    bool was_autocommit = false;
    for (auto& op : ops) {
        if (op.autocommit) {
            // autocommit_block commits the runner's transaction, runs outside,
            // and opens a new one after the block.
            op.in_transaction = InTransaction::no;
            op.transaction_id = 0;
            was_autocommit = true;
            continue;
        }
        if (was_autocommit) {
            was_autocommit = false;
            if (wrapped) current = next_id++;
        }
        if (const auto* tx = op.get<Transaction>()) {
            switch (tx->kind) {
                case TransactionKind::begin:
                    if (current == 0) current = next_id++;
                    break;
                case TransactionKind::commit:
                case TransactionKind::rollback:
                case TransactionKind::prepare:
                    // The statement itself runs in the transaction it ends.
                    op.in_transaction = current != 0 ? InTransaction::yes : InTransaction::no;
                    op.transaction_id = current;
                    current = 0;
                    continue;
                default: break;
            }
        }
        op.in_transaction = current != 0 ? InTransaction::yes : InTransaction::no;
        op.transaction_id = current;
    }
}

}  // namespace

void annotate_transactions(Migration& migration, const Settings& settings) {
    // Config speaks for SQL runners only: Alembic always wraps a PostgreSQL revision.
    if (migration.kind == FileKind::sql && settings.sql_runner) migration.runner = *settings.sql_runner;
    const bool wrapped = migration.runner == RunnerTransaction::per_file;
    annotate(migration.upgrade, wrapped);
    annotate(migration.downgrade, wrapped);
}

}  // namespace miglint

#include "transactions.hpp"

#include <set>

namespace miglint {
namespace {

// How a direction's statements reach the server.
enum class Wrapping {
    none,      // one by one, each committing on its own
    runner,    // in a transaction the runner opens for the file
    implicit,  // as one query string of several statements: PostgreSQL runs every
               // statement in a transaction block, and opens a new implicit one after a COMMIT
};

void annotate(std::vector<Operation>& ops, Wrapping wrapping) {
    const bool wrapped = wrapping != Wrapping::none;
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
                    current = wrapping == Wrapping::implicit ? next_id++ : 0;
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
    const auto wrapping = [&](const std::vector<Operation>& ops) {
        switch (migration.runner) {
            case RunnerTransaction::per_file: return Wrapping::runner;
            case RunnerTransaction::none: return Wrapping::none;
            case RunnerTransaction::single_query: break;
        }
        // A query string of one statement runs that statement on its own.
        std::set<std::uint32_t> statements;
        for (const auto& op : ops) statements.insert(op.statement);
        return statements.size() > 1 ? Wrapping::implicit : Wrapping::none;
    };
    annotate(migration.upgrade, wrapping(migration.upgrade));
    annotate(migration.downgrade, wrapping(migration.downgrade));
}

}  // namespace miglint

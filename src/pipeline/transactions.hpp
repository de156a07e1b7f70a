// Decides, for every operation, whether it runs inside a transaction.
#pragma once

#include <miglint/migration.hpp>
#include <miglint/settings.hpp>

namespace miglint {

// Fills `in_transaction` and `transaction_id` of every operation of `migration`,
// after settling `migration.runner` (config's `assume-in-transaction` overrides
// a SQL file's layout).
// The runner's model opens a transaction around the file (Alembic, Flyway,
// `--assume-in-transaction`); explicit BEGIN / COMMIT / ROLLBACK move in and
// out of one; Alembic's autocommit_block runs its operations outside.
void annotate_transactions(Migration& migration, const Settings& settings);

}  // namespace miglint

// The per-migration switch some runners read from a file beside the SQL:
// Flyway's `<script>.conf` (`executeInTransaction`) and diesel's
// `<version>/metadata.toml` (`run_in_transaction`).
#pragma once

#include "sql/sql_layout.hpp"

#include <optional>
#include <string>

namespace miglint::sql {

struct RunnerSwitch {
    std::string path;                    // where the switch lives, or would be written
    bool file_exists = false;
    std::optional<bool> in_transaction;  // what the file sets, when it sets it
};

// The switch of the migration at `sql_path`, read from disk (the one other
// file a SQL file's parse reads); empty for layouts whose runner has none.
std::optional<RunnerSwitch> read_runner_switch(const std::string& sql_path, NameLayout layout);

// Applies what the runner does with the file's transaction, beyond its
// layout's default: Flyway's own detection of statements that must run
// outside a transaction, and the switch file of Flyway and diesel, which
// also gives the opt-out a fix may write when the file does not exist yet.
void apply_runner_switch(Migration& migration, NameLayout layout);

}  // namespace miglint::sql

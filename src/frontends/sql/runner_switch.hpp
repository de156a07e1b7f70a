// The per-migration switch some runners read from a file beside the SQL:
// Flyway's `<script>.conf` (`executeInTransaction`) and diesel's
// `<version>/metadata.toml` (`run_in_transaction`).
#pragma once

#include "sql/sql_layout.hpp"

#include <cstdint>
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
// also gives the opt-out a fix may write when the file does not exist yet;
// sqlx (below) and its `-- no-transaction` first line. `bom` is the length
// of the byte order mark the text starts with.
void apply_runner_switch(Migration& migration, NameLayout layout, std::uint32_t bom);

// True when `sql_path` is a migration of a sqlx project: `<version>_<name>.sql`
// (or .up.sql / .down.sql) in a `migrations` folder beside a Cargo.toml that
// names sqlx, where `sqlx::migrate!()` finds them. sqlx runs each file in a
// transaction unless its first line is `-- no-transaction`. The Cargo.toml
// read is remembered per folder.
bool in_sqlx_project(const std::string& sql_path);

}  // namespace miglint::sql

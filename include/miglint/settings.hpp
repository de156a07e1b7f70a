// What a lint run is told: by the command line, by config, or by a fixture.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/migration.hpp>
#include <miglint/pg_version.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace miglint {

struct Settings {
    PgVersion pg_version = k_default_pg_version;
    PgVersionFrom pg_version_from = PgVersionFrom::default_version;
    // How the runner wraps each SQL file, when config or a flag says so
    // (`assume-in-transaction`); empty: the file's layout decides (Flyway,
    // goose, dbmate and diesel-style folders wrap; golang-migrate and plain files do not).
    std::optional<RunnerTransaction> sql_runner;
    // Rules to run: empty means every rule enabled by default; "all" selects every rule.
    std::set<std::string> select;
    // Rules added on top of the defaults (config `extend-select`, fixtures' `enable=`).
    std::set<std::string> enable;
    std::set<std::string> ignore;
    std::map<std::string, Severity> severity_overrides;
    // Per-rule options: rule id → option name → value as written.
    std::map<std::string, std::map<std::string, std::string>> rule_options;
    // Path globs whose findings of the listed rules are dropped ("*" for all rules).
    std::vector<std::pair<std::string, std::set<std::string>>> per_path_ignores;
    // Tables known to be large in production, and their row counts when known.
    std::map<std::string, std::optional<std::uint64_t>> large_tables;
    std::uint64_t large_table_rows = 1'000'000;
    // Estimated rows per table, measured: read before linting from
    // `table_stats_path` (JSON, docs/table-stats.md) and `database_url` (a
    // live PostgreSQL, read-only), keyed as SchemaState::key spells names.
    std::map<std::string, std::uint64_t> table_rows;
    std::string table_stats_path;
    std::string database_url;
    Severity fail_on = Severity::warning;
    // The migration runner sets lock_timeout / statement_timeout itself.
    bool runner_sets_timeouts = false;
    // Run every operation rule on downgrades too; off, only the rules that
    // predict a run-time failure (tag "run-time-failure") check them.
    bool lint_downgrades = false;
    // The values the fixes of missing-lock-timeout and missing-statement-timeout
    // set at the top of a migration (`fix-lock-timeout`, `fix-statement-timeout`).
    std::string fix_lock_timeout = "5s";
    std::string fix_statement_timeout = "15min";
    // The naming convention of the MetaData an Alembic project's env.py uses,
    // by SQLAlchemy's keys ("pk" → "pk_%(table_name)s"), for a project whose
    // convention lives in application code env.py imports (config
    // `[naming-convention]`); it replaces one read from env.py.
    std::map<std::string, std::string> naming_convention;
    // Path globs of migrations written for another database (SQLite, MySQL):
    // they are parsed and their revision graph checked, but no PostgreSQL rule runs on them.
    std::vector<std::string> non_postgres_paths;
    // The files whose findings are reported (absolute, symlinks resolved); the
    // others are read and replayed for context only. Absent: every file. Set
    // from --diff-base (git) and from files named on the command line.
    std::optional<std::set<std::string>> judged_files;
    // `diff-base` as config spells it; the command line turns it into judged_files.
    std::string diff_base;
    // `start-after`: a revision id or version; migrations up to and including
    // it are replayed, not reported.
    std::string start_after;
    std::uint64_t max_file_bytes = 64ULL * 1024 * 1024;
    unsigned jobs = 0;  // 0: all cores
    bool verbose = false;
};

}  // namespace miglint

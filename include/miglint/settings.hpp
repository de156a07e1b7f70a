// What a lint run is told: by the command line, by config, or by a fixture.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/pg_version.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace miglint {

struct Settings {
    PgVersion pg_version{15, 0};
    // Treat every SQL statement as running inside a transaction (the runner wraps files).
    bool assume_in_transaction = false;
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
    Severity fail_on = Severity::warning;
    // The migration runner sets lock_timeout / statement_timeout itself.
    bool runner_sets_timeouts = false;
    std::uint64_t max_file_bytes = 64ULL * 1024 * 1024;
    unsigned jobs = 0;  // 0: all cores
    bool verbose = false;
};

}  // namespace miglint

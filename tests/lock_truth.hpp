// The lock-truth suite: runs each rule's flagged statement and its safe
// alternatives on a real PostgreSQL server and compares the lock mode, the
// rewrite and the scan the server shows with what the rule claims.
// tests/fixtures/lock-truth.md describes the case file format and the method.
#pragma once

#include "pg_test_server.hpp"

#include <miglint/rule.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace miglint::testing::locktruth {

// The eight table lock modes in PostgreSQL's conflict-table order, weakest
// first, spelled as rule metadata spells them ("ACCESS EXCLUSIVE").
const std::vector<std::string>& table_lock_modes();
// The rank of `mode` in table_lock_modes() (metadata or pg_locks spelling:
// "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock"); -1 for "" / "none"; empty if unknown.
std::optional<int> lock_rank(std::string_view mode);
// "ShareUpdateExclusiveLock" -> "SHARE UPDATE EXCLUSIVE"; other text unchanged.
std::string metadata_spelling(std::string_view pg_locks_mode);

// Text helpers the truth suites share: `text` without leading and trailing
// white space; lower-cased (ASCII); quoted as an SQL string literal.
std::string trim(std::string_view text);
std::string lower(std::string_view text);
std::string sql_literal(std::string_view text);

// The statements of `sql` as separate strings (libpg_query's splitter, which
// knows dollar quotes), trimmed; the whole text when it does not parse.
std::vector<std::string> statements_of(const std::string& sql);

// What one block expects from the server.
struct Expectation {
    std::string mode;  // metadata spelling, "" for none
    bool rewrite = false;
    bool scan = false;
    bool no_transaction = false;  // runs outside a transaction block; lock seen by the blocking method
    bool fails = false;           // the statement is expected to fail; only its lock is checked
    bool after_previous = false;  // the previous safe block runs (committed) first, as setup
    bool explicit_mode = false;   // a flagged block that states its own mode (a variant of the rule)
};

struct Block {
    Expectation expect;
    std::string sql;
    int line = 0;  // line of the block's header
};

struct Case {
    std::filesystem::path path;
    std::string rule_id;  // the file name without .sql
    std::string table;
    std::string setup;
    std::vector<Block> flagged;
    std::vector<Block> safe;
};

// Parses a case file; `problems` receives "path:line: ..." for malformed input.
Case parse_case(const std::filesystem::path& path, const std::string& text, std::vector<std::string>& problems);

// The file of a rule's lock-truth case, in the rule's fixture folder.
inline constexpr std::string_view k_lock_truth_file = "lock-truth.sql";

// Every <rule-id>/lock-truth.sql under `dir` (the fixtures folder), sorted.
std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir);

// True when `rule`'s metadata claims a lock, a rewrite or a scan on a table on
// PostgreSQL `version`: such a rule must have a case file.
bool claims_table_effect(const Rule& rule, PgVersion version);

// What the server did.
struct Observation {
    std::string mode;  // metadata spelling, "" for none
    bool rewrite = false;
    bool emptied = false;          // new relfilenode, no rows: TRUNCATE, not a rewrite
    bool dropped = false;          // the table no longer exists afterwards
    std::uint64_t rows = 0;        // rows of the table before the statement
    std::uint64_t rows_read = 0;   // rows the statement read from it (seq_tup_read + idx_tup_fetch)
    std::string waited_elsewhere;  // no-transaction: the first lock waited for was not on the table
};

// Runs every block of `c` on `server` (a fresh database each) and returns one
// line per disagreement with the rule's claims or the block's expectation.
std::vector<std::string> run_case(const PgTestServer& server, const Case& c, const Rule& rule);

}  // namespace miglint::testing::locktruth

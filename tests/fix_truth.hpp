// The fix-truth suite: each case is a migration that a rule flags and fixes.
// The original and the `miglint --fix --unsafe-fixes` result run on fresh
// databases of a PostgreSQL server over a seeded table, the way the
// migration's runner runs them; the fixed one must run, end in the same schema
// (pg_dump --schema-only, names included) and take no lock on the table
// stronger than the rule's safe way promises.
// tests/fixtures/fix-truth.md describes the case format and the method.
#pragma once

#include "pg_test_server.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace miglint::testing::fixtruth {

// How the migration's runner sends a file to the server.
enum class Runner {
    statements,   // psql -f: statement by statement, autocommit (plain .sql files; goose NO TRANSACTION, dbmate transaction:false)
    transaction,  // BEGIN, each statement, COMMIT (goose, dbmate, Flyway V<n>__, diesel <version>/up.sql)
    one_query,    // the whole file as one query string: PostgreSQL's implicit transaction (golang-migrate *.up.sql, Prisma)
    alembic,      // the SQL Alembic emits in offline mode (--sql), run statement by statement
};

std::string_view runner_name(Runner runner);

// The runner of a migration named `file_name` (its path in its folder,
// "20240101_x/migration.sql") holding `text`: from its name, its goose or
// dbmate markers, Flyway's own detection of CONCURRENTLY statements, and
// `switch_text`, the runner's switch file beside it (Flyway's `<file>.conf`,
// diesel's `metadata.toml`; empty when there is none); never from miglint's
// own layout code.
Runner runner_of(std::string_view file_name, std::string_view text, std::string_view switch_text = {});

// Where the runner of `file_name` reads its switch file, relative like it; empty for runners without one.
std::string switch_file_of(std::string_view file_name);

// The part of `text` its runner applies going up: goose's `-- +goose Up`
// section, dbmate's `-- migrate:up` section, else the whole text.
std::string up_section(std::string_view text);
// The down direction of a goose or dbmate file (empty when it has none).
std::string down_section(std::string_view text);

struct Case {
    std::filesystem::path path;
    std::string rule_id;           // the fixture folder's name
    bool alembic = false;          // a .py case
    std::string file_name;         // `as=`: the migration's path in its folder
    std::string table;             // `table=`: the seeded table whose locks are observed
    std::string lock;              // `lock=`: the strongest mode the fixed migration may take on it ("" for none)
    bool no_scan = false;          // `no-scan`: the fixed migration reads no row of the table
    std::optional<int> fixes;      // `fixes=`: how many fixes --fix must apply (default: at least one)
    bool not_valid_leftover = false;  // `leftover=not-valid`: constraints may stay NOT VALID (validated afterwards)
    bool round_trip = false;       // `round-trip`: the fixed downgrade, after the upgrade, gives back the setup's schema
    std::string setup;             // the `setup:` comment block, as SQL
    std::string intended;          // the `intended:` comment block: the schema meant when the original fails
    std::string text;              // the whole file: the migration itself
};

// Reads a case; `problems` receives "path:line: ..." for malformed input.
Case parse_case(const std::filesystem::path& path, const std::string& text, std::vector<std::string>& problems);

// Every tests/fixtures/<rule>/fix-truth*.sql and fix-truth*.py under `dir`, sorted.
std::vector<std::filesystem::path> case_files(const std::filesystem::path& dir);

// The Python that runs Alembic (MIGLINT_ALEMBIC_PYTHON, else /usr/bin/python3,
// else python3), or an error saying why there is none.
Result<std::string> alembic_python();

// Runs the case on `server`: lints, fixes (the real binary), applies both
// versions and compares. Returns one line per problem; `log` receives what
// was measured (fixes, strongest lock, differences allowed).
std::vector<std::string> run_case(const PgTestServer& server, const Case& c, const std::string& python,
                                  std::vector<std::string>& log);

}  // namespace miglint::testing::fixtruth

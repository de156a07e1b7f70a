// Config files: discovery, every key, every error, and flags overriding them.
#include "config/config.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using miglint::Settings;
using miglint::testing::run_cli;
using miglint::testing::TempDir;
namespace config = miglint::config;

namespace {

// Loads `toml` written as `name` and returns the error's "path:line:col: message".
std::string load_error(const std::string& toml, const std::string& name = "miglint.toml") {
    TempDir dir;
    const auto file = dir.write(name, toml);
    Settings settings;
    const auto loaded = config::load(file, settings);
    if (loaded) return "";
    auto shown = loaded.error().display();
    // Report the message relative to the temporary file, so tests can compare it.
    const auto prefix = file.string();
    if (shown.starts_with(prefix)) shown = name + shown.substr(prefix.size());
    return shown;
}

}  // namespace

TEST_SUITE("config") {
    TEST_CASE("config::discover walks up from the linted path to the nearest config") {
        TempDir dir;
        dir.write("miglint.toml", "");
        dir.write("a/b/m.sql", "SELECT 1;\n");
        CHECK(config::discover(dir.path() / "a" / "b" / "m.sql") == dir.path() / "miglint.toml");
        CHECK(config::discover(dir.path() / "a" / "b") == dir.path() / "miglint.toml");
        CHECK(config::discover(dir.path() / "a" / "not-yet.sql") == dir.path() / "miglint.toml");
    }

    TEST_CASE("config::discover skips a pyproject.toml without [tool.miglint] and takes a nearer one with it") {
        TempDir dir;
        dir.write("miglint.toml", "");
        dir.write("a/pyproject.toml", "[tool.ruff]\nline-length = 100\n");
        dir.write("a/b/pyproject.toml", "[tool.miglint]\nfail-on = \"error\"\n");
        CHECK(config::discover(dir.path() / "a") == dir.path() / "miglint.toml");
        CHECK(config::discover(dir.path() / "a" / "b") == dir.path() / "a" / "b" / "pyproject.toml");
    }

    TEST_CASE("config::discover prefers miglint.toml to pyproject.toml in the same directory") {
        TempDir dir;
        dir.write("pyproject.toml", "[tool.miglint]\nfail-on = \"error\"\n");
        dir.write("miglint.toml", "fail-on = \"info\"\n");
        CHECK(config::discover(dir.path()) == dir.path() / "miglint.toml");
    }

    TEST_CASE("config::load reads every key into Settings") {
        TempDir dir;
        const auto file = dir.write("pyproject.toml", R"([project]
name = "app"

[tool.miglint]
select = ["non-concurrent-index"]
extend-select = ["syntax-error"]
ignore = ["syntax-error"]
pg-version = "14.3"
assume-in-transaction = true
large-tables = ["users", "app.events"]
large-table-rows = 5000
fail-on = "error"
runner-sets-timeouts = true
max-file-size = 1024
non-postgres-paths = ["legacy_sqlite/versions/*"]
table-stats = "stats/tables.json"
database-url = "postgresql://readonly@replica/app"

[tool.miglint.severity]
non-concurrent-index = "error"

[tool.miglint.per-file-ignores]
"versions/0001_*.py" = ["non-concurrent-index"]
"legacy/*" = ["*"]

[tool.miglint.rules.non-concurrent-index]
)");
        Settings settings;
        const auto loaded = config::load(file, settings);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().display()));
        CHECK(*loaded);
        CHECK(settings.select == std::set<std::string>{"non-concurrent-index"});
        CHECK(settings.enable == std::set<std::string>{"syntax-error"});
        CHECK(settings.ignore == std::set<std::string>{"syntax-error"});
        CHECK(settings.pg_version.major == 14);
        CHECK(settings.pg_version.minor == 3);
        CHECK(settings.sql_runner == miglint::RunnerTransaction::per_file);
        miglint::Settings unwrapped;
        const auto off = config::load(dir.write("miglint.toml", "assume-in-transaction = false\n"), unwrapped);
        REQUIRE(off.ok());
        CHECK(unwrapped.sql_runner == miglint::RunnerTransaction::none);
        CHECK(settings.large_tables.size() == 2);
        CHECK(settings.large_tables.count("app.events") == 1);
        CHECK(settings.large_table_rows == 5000);
        CHECK(settings.fail_on == miglint::Severity::error);
        CHECK(settings.runner_sets_timeouts);
        CHECK(settings.max_file_bytes == 1024);
        CHECK(settings.non_postgres_paths == std::vector<std::string>{"legacy_sqlite/versions/*"});
        // Relative to the config file's folder, not the current directory.
        CHECK(settings.table_stats_path == (dir.path() / "stats" / "tables.json").string());
        CHECK(settings.database_url == "postgresql://readonly@replica/app");
        CHECK(settings.severity_overrides.at("non-concurrent-index") == miglint::Severity::error);
        REQUIRE(settings.per_path_ignores.size() == 2);
        CHECK(settings.per_path_ignores[0].first == "versions/0001_*.py");  // in file order
        CHECK(settings.per_path_ignores[1].first == "legacy/*");
        CHECK(settings.per_path_ignores[1].second == std::set<std::string>{"*"});
    }

    TEST_CASE("config::load: an integer pg-version, and a pyproject.toml without the table changes nothing") {
        TempDir dir;
        Settings settings;
        CHECK(config::load(dir.write("miglint.toml", "pg-version = 12\n"), settings).ok());
        CHECK(settings.pg_version.major == 12);
        const auto untouched = config::load(dir.write("pyproject.toml", "[tool.black]\n"), settings);
        REQUIRE(untouched.ok());
        CHECK_FALSE(*untouched);
    }

    TEST_CASE("config::load errors name the file, line and column") {
        CHECK(load_error("fail-on = \"error\"\nselct = [\"x\"]\n").starts_with("miglint.toml:2:1: unknown key `selct`"));
        CHECK(load_error("[tool.miglint]\nnope = 1\n", "pyproject.toml").starts_with("pyproject.toml:2:1: unknown key `nope`"));
        CHECK(load_error("select = [\"non-concurrent-index\", \"no-such-rule\"]\n") ==
              "miglint.toml:1:35: unknown rule id `no-such-rule` (see `miglint rules`)");
        CHECK(load_error("ignore = [\"bogus\"]\n").starts_with("miglint.toml:1:11: unknown rule id `bogus`"));
        CHECK(load_error("extend-select = [\"bogus\"]\n").starts_with("miglint.toml:1:18: unknown rule id `bogus`"));
        CHECK(load_error("[severity]\nbogus = \"error\"\n").starts_with("miglint.toml:2:1: unknown rule id `bogus`"));
        CHECK(load_error("b = 1\na = 2\n").starts_with("miglint.toml:1:1: unknown key `b`"));  // the first in the file
        CHECK(load_error("[severity]\nsyntax-error = \"fatal\"\n").starts_with("miglint.toml:2:16: expected \"info\""));
        CHECK(load_error("[per-file-ignores]\n\"a/*\" = [\"bogus\"]\n").starts_with("miglint.toml:2:10: unknown rule id `bogus`"));
        CHECK(load_error("[rules.bogus]\nx = 1\n").starts_with("miglint.toml:1:8: unknown rule id `bogus`"));
        CHECK(load_error("[rules.non-concurrent-index]\nx = 1\n")
                  .starts_with("miglint.toml:2:1: unknown option `x` for rule `non-concurrent-index`"));
        CHECK(load_error("pg-version = \"fifteen\"\n").starts_with("miglint.toml:1:14: expected a PostgreSQL version"));
        CHECK(load_error("fail-on = \"fatal\"\n").starts_with("miglint.toml:1:11: expected \"info\""));
        CHECK(load_error("assume-in-transaction = \"yes\"\n").starts_with("miglint.toml:1:25: expected true or false"));
        CHECK(load_error("large-table-rows = -1\n").starts_with("miglint.toml:1:20: expected a non-negative integer"));
        CHECK(load_error("max-file-size = \"1MB\"\n").starts_with("miglint.toml:1:17: expected a non-negative integer"));
        CHECK(load_error("large-tables = [1]\n").starts_with("miglint.toml:1:17: expected a table name"));
        CHECK(load_error("select = \"non-concurrent-index\"\n").starts_with("miglint.toml:1:10: expected a list of rule ids"));
        CHECK(load_error("select = [\n").starts_with("miglint.toml:1:12: invalid TOML"));
    }

    TEST_CASE("the command line finds the config upwards, and flags override it") {
        TempDir dir;
        dir.write("miglint.toml", "ignore = [\"non-concurrent-index\", \"missing-lock-timeout\"]\n");
        const auto file = dir.write("db/versions/m.sql", "CREATE INDEX a ON users (a);\n").string();
        CHECK(run_cli({file}).exit_code == 0);                                       // the config ignores the rule
        CHECK(run_cli({"--no-config", file}).exit_code == 1);                       // ... unless told not to read it
        CHECK(run_cli({"--ignore", "syntax-error", file}).exit_code == 1);          // the flag replaces the config's list
        CHECK(run_cli({"--stdin-filename", file}, "CREATE INDEX a ON t (a);\n").exit_code == 0);
        dir.write("other.toml", "fail-on = \"error\"\n");
        CHECK(run_cli({"--config", (dir.path() / "other.toml").string(), file}).exit_code == 0);  // a warning, not failing
        CHECK(run_cli({"--config", (dir.path() / "other.toml").string(), "--fail-on", "warning", file}).exit_code == 1);
    }

    TEST_CASE("the command line exits 2 on a config error or a missing --config file") {
        TempDir dir;
        dir.write("miglint.toml", "select = [\"non-concurrent-index\"]\nseverity = { bogus = \"error\" }\n");
        const auto file = dir.write("m.sql", "SELECT 1;\n").string();
        const auto run = run_cli({file});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("miglint.toml:2:14: unknown rule id `bogus`") != std::string::npos);
        const auto missing = run_cli({"--config", (dir.path() / "nope.toml").string(), file});
        CHECK(missing.exit_code == 2);
        CHECK(missing.err.find("nope.toml: config file not found") != std::string::npos);
    }
}

// Config files: discovery, every key, every error, and flags overriding them.
#include "config/config.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

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
    std::vector<miglint::Error> warnings;
    const auto loaded = config::load(file, settings, warnings);
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
fix-lock-timeout = "3s"
fix-statement-timeout = "2 min"
max-file-size = 1024
non-postgres-paths = ["legacy_sqlite/versions/*"]

[tool.miglint.severity]
non-concurrent-index = "error"

[tool.miglint.per-file-ignores]
"versions/0001_*.py" = ["non-concurrent-index"]
"legacy/*" = ["*"]

[tool.miglint.naming-convention]
pk = "pk_%(table_name)s"
fk = "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"

[tool.miglint.rules.non-concurrent-index]
)");
        Settings settings;
        std::vector<miglint::Error> warnings;
        const auto loaded = config::load(file, settings, warnings);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().display()));
        CHECK(*loaded);
        CHECK(warnings.empty());
        CHECK(settings.select == std::set<std::string>{"non-concurrent-index"});
        CHECK(settings.enable == std::set<std::string>{"syntax-error"});
        CHECK(settings.ignore == std::set<std::string>{"syntax-error"});
        CHECK(settings.pg_version.major == 14);
        CHECK(settings.pg_version.minor == 3);
        CHECK(settings.sql_runner == miglint::RunnerTransaction::per_file);
        miglint::Settings unwrapped;
        const auto off =
            config::load(dir.write("miglint.toml", "assume-in-transaction = false\n"), unwrapped, warnings);
        REQUIRE(off.ok());
        CHECK(unwrapped.sql_runner == miglint::RunnerTransaction::none);
        CHECK(settings.large_tables.size() == 2);
        CHECK(settings.large_tables.count("app.events") == 1);
        CHECK(settings.large_table_rows == 5000);
        CHECK(settings.fail_on == miglint::Severity::error);
        CHECK(settings.runner_sets_timeouts);
        CHECK(settings.fix_lock_timeout == "3s");
        CHECK(settings.fix_statement_timeout == "2 min");
        CHECK(settings.max_file_bytes == 1024);
        CHECK(settings.non_postgres_paths == std::vector<std::string>{"legacy_sqlite/versions/*"});
        CHECK(settings.severity_overrides.at("non-concurrent-index") == miglint::Severity::error);
        REQUIRE(settings.per_path_ignores.size() == 2);
        CHECK(settings.per_path_ignores[0].first == "versions/0001_*.py");  // in file order
        CHECK(settings.per_path_ignores[1].first == "legacy/*");
        CHECK(settings.per_path_ignores[1].second == std::set<std::string>{"*"});
        CHECK(settings.naming_convention.size() == 2);
        CHECK(settings.naming_convention.at("pk") == "pk_%(table_name)s");
    }

    TEST_CASE("config::load: an integer pg-version, and a pyproject.toml without the table changes nothing") {
        TempDir dir;
        Settings settings;
        std::vector<miglint::Error> warnings;
        CHECK(config::load(dir.write("miglint.toml", "pg-version = 12\n"), settings, warnings).ok());
        CHECK(settings.pg_version.major == 12);
        const auto untouched = config::load(dir.write("pyproject.toml", "[tool.black]\n"), settings, warnings);
        REQUIRE(untouched.ok());
        CHECK_FALSE(*untouched);
    }

    TEST_CASE("config::discover stops at the repository root, a folder holding .git") {
        TempDir dir;
        dir.write("miglint.toml", "fail-on = \"error\"\n");  // outside the repository: not its config
        dir.write("repo/.git/HEAD", "ref: refs/heads/main\n");
        dir.write("repo/db/m.sql", "SELECT 1;\n");
        CHECK_FALSE(config::discover(dir.path() / "repo" / "db" / "m.sql").has_value());
        dir.write("repo/miglint.toml", "");
        CHECK(config::discover(dir.path() / "repo" / "db" / "m.sql") == dir.path() / "repo" / "miglint.toml");
        // A worktree or submodule's .git is a file: it ends the walk too.
        dir.write("wt/.git", "gitdir: /elsewhere\n");
        dir.write("wt/m.sql", "SELECT 1;\n");
        CHECK_FALSE(config::discover(dir.path() / "wt" / "m.sql").has_value());
    }

    TEST_CASE("config::load ignores table-stats and database-url with a warning naming file, line and column") {
        TempDir dir;
        const auto file = dir.write("pyproject.toml",
                                    "[tool.miglint]\nfail-on = \"error\"\n"
                                    "database-url = \"postgresql://u:s3cret@evil.example/db\"\n"
                                    "table-stats = \"/etc/passwd\"\n");
        Settings settings;
        std::vector<miglint::Error> warnings;
        const auto loaded = config::load(file, settings, warnings);
        REQUIRE(loaded.ok());
        CHECK(settings.fail_on == miglint::Severity::error);  // the rest of the file still counts
        CHECK(settings.database_url.empty());
        CHECK(settings.table_stats_path.empty());
        REQUIRE(warnings.size() == 2);
        CHECK(warnings[0].display().starts_with(file.string() + ":3:16: `database-url` is ignored in a config file"));
        CHECK(warnings[0].display().find("--database-url") != std::string::npos);
        CHECK(warnings[0].display().find("MIGLINT_DATABASE_URL") != std::string::npos);
        CHECK(warnings[0].display().find("s3cret") == std::string::npos);
        CHECK(warnings[1].display().starts_with(file.string() + ":4:15: `table-stats` is ignored in a config file"));
        CHECK(warnings[1].display().find("/etc/passwd") == std::string::npos);
    }

    TEST_CASE(
        "a repository's config cannot make the command line connect or read stats; the environment and flags can") {
        TempDir dir;
        // Port 1: if the URL were used the connection would fail and the run exit 2.
        dir.write("miglint.toml",
                  "database-url = \"postgresql://u:s3cret@127.0.0.1:1/db\"\n"
                  "table-stats = \"stats.json\"\n");
        dir.write("stats.json", R"([{"table": "users", "rows": 50000000}])");
        const auto file = dir.write("m.sql", "SET lock_timeout = '1s';\nCREATE INDEX a ON users (a);\n").string();
        const auto run = run_cli({"--format", "json", file});
        CHECK(run.exit_code == 1);  // the finding, and no error
        CHECK(run.err.find("miglint.toml:1:16: `database-url` is ignored") != std::string::npos);
        CHECK(run.err.find("miglint.toml:2:15: `table-stats` is ignored") != std::string::npos);
        CHECK(run.err.find("s3cret") == std::string::npos);
        CHECK(run.out.find("\"severity\": \"warning\"") !=
              std::string::npos);  // not escalated: the stats were not read
        // The same file named on the command line counts.
        const auto flagged = run_cli({"--format", "json", "--table-stats", (dir.path() / "stats.json").string(), file});
        CHECK(flagged.out.find("\"severity\": \"error\"") != std::string::npos);
        // And from the environment.
        ::setenv("MIGLINT_TABLE_STATS", (dir.path() / "stats.json").string().c_str(), 1);
        const auto from_env = run_cli({"--format", "json", file});
        ::unsetenv("MIGLINT_TABLE_STATS");
        CHECK(from_env.out.find("\"severity\": \"error\"") != std::string::npos);
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
        // A rule option of the wrong type or range is an error, never a silent default.
        CHECK(load_error("[rules.index-too-many-columns]\nmax-columns = \"three\"\n")
                  .starts_with("miglint.toml:2:15: option `max-columns` of rule `index-too-many-columns` takes a positive "
                               "integer, not 'three'"));
        CHECK(load_error("[rules.index-too-many-columns]\nmax-columns = 0\n")
                  .starts_with("miglint.toml:2:15: option `max-columns` of rule `index-too-many-columns` takes a positive integer, not 0"));
        CHECK(load_error("[rules.require-schema-qualified]\nschema = \"\"\n")
                  .starts_with("miglint.toml:2:10: option `schema` of rule `require-schema-qualified` takes a non-empty string"));
        CHECK(load_error("pg-version = \"fifteen\"\n").starts_with("miglint.toml:1:14: expected a PostgreSQL version"));
        CHECK(load_error("fail-on = \"fatal\"\n").starts_with("miglint.toml:1:11: expected \"info\""));
        CHECK(load_error("assume-in-transaction = \"yes\"\n").starts_with("miglint.toml:1:25: expected true or false"));
        CHECK(load_error("large-table-rows = -1\n").starts_with("miglint.toml:1:20: expected a non-negative integer"));
        CHECK(load_error("max-file-size = \"1MB\"\n").starts_with("miglint.toml:1:17: expected a non-negative integer"));
        // The fixes' timeouts: a value PostgreSQL reads, never zero (which turns the timeout off).
        CHECK(load_error("fix-lock-timeout = \"\"\n").starts_with("miglint.toml:1:20: expected a timeout that is not zero"));
        CHECK(load_error("fix-lock-timeout = \"0\"\n").starts_with("miglint.toml:1:20: expected a timeout that is not zero"));
        CHECK(load_error("fix-statement-timeout = 5\n").starts_with("miglint.toml:1:25: expected a timeout that is not zero"));
        CHECK(load_error("fix-lock-timeout = \"5 seconds\"\n").starts_with("miglint.toml:1:20: expected a timeout"));
        CHECK(load_error("large-tables = [1]\n").starts_with("miglint.toml:1:17: expected a table name"));
        CHECK(load_error("[naming-convention]\nprimary = \"pk_%(table_name)s\"\n")
                  .starts_with("miglint.toml:2:1: unknown naming convention key `primary`"));
        CHECK(load_error("[naming-convention]\npk = 1\n").starts_with("miglint.toml:2:6: expected a name template"));
        CHECK(load_error("naming-convention = \"pk\"\n").starts_with("miglint.toml:1:21: expected a table like"));
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

TEST_SUITE("config") {
    TEST_CASE("a config line nesting past the bound is a config error naming its line, never a crash") {
        // 31,000 dotted key parts crashed toml++ in any tool's section, miglint's own or not.
        std::string deep = "[tool.other]\n";
        for (int i = 0; i < 31000; ++i) deep += "a.";
        deep += "a = 1\n";
        CHECK(load_error(deep) ==
              "miglint.toml:2:2002: a line with more than 1000 dots and brackets outside strings nests too deeply to "
              "read");
        TempDir dir;
        dir.write("pyproject.toml", "[tool.miglint]\nfail-on = \"error\"\n" + deep);
        const auto file = dir.write("m.sql", "SELECT 1;\n").string();
        const auto run = run_cli({file});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("pyproject.toml:4:2002: a line with more than 1000 dots") != std::string::npos);
        // A pyproject.toml that does not configure miglint is passed over, whatever it holds.
        dir.write("pyproject.toml", deep);
        CHECK(run_cli({file}).exit_code == 0);
    }

    TEST_CASE("the nesting bound skips strings and comments, and counts each line on its own") {
        const std::string dots(5000, '.');
        CHECK(load_error("fail-on = \"error\" # " + dots + "\n") == "");
        CHECK(load_error("large-tables = [\"" + dots + "\", '" + dots + "']\n") == "");
        CHECK(load_error("[rules.non-concurrent-index]\n") == "");
        std::string many_lines;
        for (int i = 0; i < 2000; ++i) many_lines += "[per-file-ignores]\n";
        CHECK(load_error(many_lines).find("nests too deeply") == std::string::npos);
        std::string multi_line = "large-tables = [\"\"\"\n" + dots + "\n\"\"\"]\n";
        CHECK(load_error(multi_line) == "");
    }
}

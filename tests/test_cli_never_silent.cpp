// Configuration and paths that used to fail silently: each now has its effect or says why not.
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

// Rule id → severities it was reported with.
std::multimap<std::string, std::string> severities(const std::string& json_report) {
    std::multimap<std::string, std::string> out;
    const auto report = nlohmann::json::parse(json_report);
    for (const auto& f : report["findings"]) {
        out.emplace(f["rule"].get<std::string>(), f["severity"].get<std::string>());
    }
    return out;
}

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("a severity override applies to lock rules too, large tables included") {
        TempDir tmp;
        const auto file = tmp.write("m/0001_x.sql", "CREATE INDEX a_idx ON big (a);\nALTER TABLE small ADD UNIQUE (b);\n");
        tmp.write("miglint.toml",
                  "large-tables = [\"big\"]\n[severity]\nnon-concurrent-index = \"info\"\nadd-unique-constraint = \"error\"\n");
        const auto run = run_cli({"--format", "json", "--select", "non-concurrent-index,add-unique-constraint", file.string()});
        const auto found = severities(run.out);
        REQUIRE(found.count("non-concurrent-index") == 1);
        // "big" is large, which alone would make the finding an error: the configured severity is the last word.
        CHECK(found.find("non-concurrent-index")->second == "info");
        REQUIRE(found.count("add-unique-constraint") == 1);
        CHECK(found.find("add-unique-constraint")->second == "error");
    }

    TEST_CASE("a per-file-ignores glob that matches no linted file is a warning naming it") {
        TempDir tmp;
        const auto dir = tmp.path() / "migrations";
        tmp.write("migrations/0001_x.sql", "CREATE INDEX a_idx ON t (a);\n");
        tmp.write("miglint.toml", "[per-file-ignores]\n\"migrations/0001_*.sql\" = [\"*\"]\n\"migratoins/*.sql\" = [\"*\"]\n");
        const auto run = run_cli({dir.string()});
        CHECK(run.err.find("warning: per-file-ignores: `migratoins/*.sql` matches no linted file") != std::string::npos);
        CHECK(run.err.find("`migrations/0001_*.sql`") == std::string::npos);
    }

    TEST_CASE("a directory with no migration in it is an error naming it, not a clean pass") {
        TempDir tmp;
        tmp.write("docs/readme.md", "not a migration\n");
        const auto empty = run_cli({(tmp.path() / "docs").string()});
        CHECK(empty.exit_code == 2);
        CHECK(empty.out.find("docs: no .sql or .py file in this directory") != std::string::npos);
        // Python files that are not Alembic revisions are no migrations either.
        tmp.write("app/models.py", "class User:\n    pass\n");
        const auto no_revisions = run_cli({(tmp.path() / "app").string()});
        CHECK(no_revisions.exit_code == 2);
        CHECK(no_revisions.out.find("no migration file found") != std::string::npos);
        // Beside a folder that has migrations, the empty one is still named.
        tmp.write("migrations/0001_x.sql", "SELECT 1;\n");
        const auto beside = run_cli({(tmp.path() / "migrations").string(), (tmp.path() / "docs").string()});
        CHECK(beside.exit_code == 2);
        CHECK(beside.out.find("1 file checked") != std::string::npos);
    }

    TEST_CASE("`-` reads standard input; standard input with other paths is a usage error") {
        TempDir tmp;
        const auto other = tmp.write("0001_x.sql", "SELECT 1;\n").string();
        const auto dash = run_cli({"--no-config", "-"}, "CREATE INDEX a_idx ON t (a);\n");
        CHECK(dash.exit_code == 1);
        CHECK(dash.out.find("-:1:1: warning[non-concurrent-index]") != std::string::npos);
        const auto named = run_cli({"--no-config", "--stdin-filename", "v/0002_y.sql", "-"}, "CREATE INDEX a ON t (a);\n");
        CHECK(named.out.find("v/0002_y.sql:1:1") != std::string::npos);
        const auto mixed = run_cli({"--no-config", "-", other}, "SELECT 1;\n");
        CHECK(mixed.exit_code == 2);
        CHECK(mixed.err.find("give no other paths with it") != std::string::npos);
        CHECK(mixed.out.empty());
        CHECK(run_cli({"--no-config", "--stdin-filename", "x.sql", other}, "SELECT 1;\n").exit_code == 2);
    }
}

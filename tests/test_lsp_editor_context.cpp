// The editor sees what the command line sees (issue 23): the history of a
// folder-per-migration set, a CONCURRENTLY fix that never breaks the
// migration, a file-level ignore action, Python indentation errors.
#include "lsp_session.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <vector>

using namespace miglint::testing;

namespace {

// The CLI's "rule@line" (0-based) for the findings in the file at `path`,
// linting `target` (a folder or the file).
std::multiset<std::string> cli_rules_and_lines(const std::string& target, const std::string& path) {
    const auto report = Json::parse(run_cli({"--format", "json", target}).out);
    std::multiset<std::string> out;
    for (const auto& f : report["findings"]) {
        if (!path.ends_with(f["path"].get<std::string>())) continue;
        out.insert(f["rule"].get<std::string>() + "@" + std::to_string(f["start"]["line"].get<int>() - 1));
    }
    return out;
}

}  // namespace

TEST_SUITE("lsp") {
    TEST_CASE("a diesel up.sql is linted with the earlier version folders of its set, as the CLI lints it") {
        TempDir dir;
        dir.write("migrations/2024-01-01-000000_types/up.sql",
                  "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                  "CREATE TABLE people (id bigint CONSTRAINT people_pkey PRIMARY KEY, m mood);\n");
        dir.write("migrations/2024-01-01-000000_types/down.sql", "DROP TABLE people;\nDROP TYPE mood;\n");
        const std::string text = "DROP TYPE mood;\n";
        const auto path = dir.write("migrations/2024-02-01-000000_drop/up.sql", text).string();
        dir.write("migrations/2024-02-01-000000_drop/down.sql", "CREATE TYPE mood AS ENUM ('sad', 'happy');\n");
        const auto editor = rules_and_lines(open_and_ask(path, text).diagnostics(lsp_uri(path)));
        // Only the first migration's table makes the type "in use".
        CHECK(editor.count("enum-type-in-use@0") == 1);
        CHECK(editor == cli_rules_and_lines((dir.path() / "migrations").string(), path));
    }

    TEST_CASE("a Prisma migration.sql is linted with the earlier migrations of its set") {
        TempDir dir;
        dir.write("prisma/migrations/20240101000000_init/migration.sql",
                  "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                  "CREATE TABLE people (id bigint CONSTRAINT people_pkey PRIMARY KEY, m mood);\n");
        const std::string text = "DROP TYPE mood;\n";
        const auto path = dir.write("prisma/migrations/20240201000000_drop/migration.sql", text).string();
        const auto editor = rules_and_lines(open_and_ask(path, text).diagnostics(lsp_uri(path)));
        CHECK(editor.count("enum-type-in-use@0") == 1);
        CHECK(editor == cli_rules_and_lines((dir.path() / "prisma/migrations").string(), path));
    }

}

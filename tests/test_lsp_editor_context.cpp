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

// The titles of the actions offered on 0-based `line` of `text`, opened as `path`.
std::set<std::string> action_titles(const std::string& path, const std::string& text, unsigned line) {
    const auto session = open_and_ask(path, text, lsp_frame(code_action_request(2, path, lsp_range(line, 0, line, 0))));
    std::set<std::string> titles;
    const auto reply = session.reply(2);  // kept: a range-for over a temporary's member dangles
    for (const auto& action : reply["result"]) titles.insert(action["title"].get<std::string>());
    return titles;
}

bool offers_concurrently(const std::set<std::string>& titles) {
    for (const auto& title : titles) {
        if (title.find("CONCURRENTLY") != std::string::npos) return true;
    }
    return false;
}

const std::string k_revision_head = "revision = \"0001\"\ndown_revision = None\n\nfrom alembic import op\n\n\n";

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

    TEST_CASE("add CONCURRENTLY is offered only where the runner does not wrap the file in a transaction") {
        TempDir dir;
        const std::string index = "CREATE INDEX idx ON users (a);\n";
        // A plain file runs statement by statement.
        const auto plain = dir.write("plain/0001_x.sql", index).string();
        CHECK(after_action(plain, index, 0, "miglint: add CONCURRENTLY") ==
              "CREATE INDEX CONCURRENTLY idx ON users (a);\n");

        // Flyway runs a file of CONCURRENTLY statements alone outside a transaction: the keyword is the whole fix.
        const auto flyway = dir.write("flyway/V1__x.sql", index).string();
        CHECK(after_action(flyway, index, 0, "miglint: add CONCURRENTLY") == "CREATE INDEX CONCURRENTLY idx ON users (a);\n");
        // diesel needs a metadata.toml beside the file, which only `miglint --fix` writes: no quick fix.
        const auto diesel = dir.write("diesel/2024-01-01-000000_x/up.sql", index).string();
        CHECK_FALSE(offers_concurrently(action_titles(diesel, index, 0)));
        CHECK(action_titles(diesel, index, 0).count("Ignore non-concurrent-index on this line") == 1);

        // goose and dbmate: the file's own switch comes with CONCURRENTLY, and the result lints clean of
        // concurrent-index-in-transaction.
        struct OptOut {
            std::string file, text, title, fixed;
        };
        const std::vector<OptOut> opt_outs = {
            {"goose/20240101000000_x.sql", "-- +goose Up\n" + index + "\n-- +goose Down\nDROP INDEX idx;\n",
             "miglint: add CONCURRENTLY and `-- +goose NO TRANSACTION` (unsafe fix)",
             "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY idx ON users (a);\n\n-- +goose "
             "Down\nDROP INDEX idx;\n"},
            {"dbmate/20240101000000_x.sql", "-- migrate:up\n" + index + "\n-- migrate:down\nDROP INDEX idx;\n",
             "miglint: add CONCURRENTLY and `transaction:false` (unsafe fix)",
             "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY idx ON users (a);\n\n-- migrate:down\nDROP "
             "INDEX idx;\n"},
        };
        for (const auto& case_ : opt_outs) {
            CAPTURE(case_.file);
            const auto path = dir.write(case_.file, case_.text).string();
            const auto fixed = after_action(path, case_.text, 1, case_.title);
            CHECK(fixed == case_.fixed);
            const auto again = rules_and_lines(open_and_ask(path, fixed).diagnostics(lsp_uri(path)));
            CHECK(again.count("concurrent-index-in-transaction@1") + again.count("concurrent-index-in-transaction@2") ==
                  0);
        }

        // An explicit BEGIN keeps its transaction whatever the runner does.
        const std::string begun = "BEGIN;\n" + index + "COMMIT;\n";
        const auto explicit_begin = dir.write("begin/0001_x.sql", begun).string();
        CHECK_FALSE(offers_concurrently(action_titles(explicit_begin, begun, 1)));

        // golang-migrate sends a file as one query: two statements are one transaction.
        const std::string two = "SELECT 1;\n" + index;
        const auto single_query = dir.write("gm/0001_x.up.sql", two).string();
        CHECK_FALSE(offers_concurrently(action_titles(single_query, two, 1)));
    }

    TEST_CASE("a fix that creates a file is offered, as documentChanges, to a client that can create files") {
        TempDir dir;
        const std::string index = "CREATE INDEX idx ON users (a);\n";
        const auto path = dir.write("diesel/2024-01-01-000000_x/up.sql", index).string();
        auto init = lsp_initialize(1);
        init["params"]["capabilities"]["workspace"] = {
            {"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", Json::array({"create"})}}}};
        const auto session = run_session(lsp_frame(init) + lsp_frame(lsp_notification("initialized")) +
                                         lsp_frame(lsp_did_open(lsp_uri(path), index)) +
                                         lsp_frame(code_action_request(2, path, lsp_range(0, 0, 0, 0))) +
                                         lsp_frame(lsp_request(99, "shutdown")) + lsp_frame(lsp_notification("exit")));
        const auto action = action_titled(
            session.reply(2)["result"],
            "miglint: add CONCURRENTLY and `run_in_transaction = false` in a new `metadata.toml` (unsafe fix)");
        REQUIRE(action.is_object());
        CHECK_FALSE(action.contains("isPreferred"));
        const auto& changes = action["edit"]["documentChanges"];
        REQUIRE(changes.size() == 3);
        const auto toml = lsp_uri((std::filesystem::path(path).parent_path() / "metadata.toml").string());
        CHECK(changes[0]["kind"] == "create");
        CHECK(changes[0]["uri"] == toml);
        CHECK(changes[0]["options"]["overwrite"] == false);
        CHECK(changes[1]["textDocument"]["uri"] == toml);
        CHECK(changes[1]["edits"][0]["newText"] == "run_in_transaction = false\n");
        CHECK(changes[2]["textDocument"]["uri"] == lsp_uri(path));
        CHECK(apply_lsp_edits(index, changes[2]["edits"]) == "CREATE INDEX CONCURRENTLY idx ON users (a);\n");
    }

    TEST_CASE("an Alembic create_index in the revision's transaction gets no CONCURRENTLY edit") {
        TempDir dir;
        for (const auto* call :
             {"op.create_index(\"idx\", \"users\", [\"a\"])", "op.execute(\"CREATE INDEX idx ON users (a)\")"}) {
            const auto text = k_revision_head + "def upgrade():\n    " + call + "\n\n\ndef downgrade():\n    pass\n";
            const auto path = dir.write("versions/0001_x.py", text).string();
            CAPTURE(call);
            const auto titles = action_titles(path, text, 7);
            CHECK(titles.count("Ignore non-concurrent-index on this line") == 1);
            CHECK_FALSE(offers_concurrently(titles));
        }
    }

    TEST_CASE("the ignore-in-file action adds a file-level directive that silences the rule") {
        TempDir dir;
        const std::string sql = "CREATE INDEX idx ON users (a);\nDROP TABLE users;\n";
        const auto sql_path = dir.write("a/0001_x.sql", sql).string();
        const auto fixed = after_action(sql_path, sql, 0, "Ignore non-concurrent-index in this file");
        CHECK(fixed == "-- miglint: ignore-file non-concurrent-index\n" + sql);
        const auto again = rules_and_lines(open_and_ask(sql_path, fixed).diagnostics(lsp_uri(sql_path)));
        CHECK(again.count("non-concurrent-index@1") == 0);
        CHECK(again.count("drop-table@2") == 1);

        // A file-level directive naming rules takes the new one in its list.
        const auto merged = after_action(sql_path, fixed, 2, "Ignore drop-table in this file");
        CHECK(merged == "-- miglint: ignore-file non-concurrent-index, drop-table\n" + sql);
        const auto both = rules_and_lines(open_and_ask(sql_path, merged).diagnostics(lsp_uri(sql_path)));
        CHECK(both.count("non-concurrent-index@1") + both.count("drop-table@2") == 0);

        // Python: a `#` directive after the shebang and the encoding line.
        const auto py = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n" + k_revision_head +
                        "def upgrade():\n    op.drop_table(\"users\")\n\n\ndef downgrade():\n    pass\n";
        const auto py_path = dir.write("b/versions/0001_x.py", py).string();
        const auto py_fixed = after_action(py_path, py, 9, "Ignore drop-table in this file");
        CHECK(py_fixed.starts_with(
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# miglint: ignore-file[drop-table]\n"));
        CHECK(rules_and_lines(open_and_ask(py_path, py_fixed).diagnostics(lsp_uri(py_path))).count("drop-table@10") ==
              0);
    }

    TEST_CASE("an Alembic revision with tabs and spaces mixed in its indentation shows the CLI's syntax error") {
        TempDir dir;
        const auto text = k_revision_head +
                          "def upgrade():\n    op.drop_table(\"a\")\n\top.drop_table(\"b\")\n\n\n"
                          "def downgrade():\n    pass\n";
        const auto path = dir.write("versions/0001_x.py", text).string();
        const auto editor = rules_and_lines(open_and_ask(path, text).diagnostics(lsp_uri(path)));
        const auto cli = cli_rules_and_lines(path, path);
        CHECK(cli.count("syntax-error@8") + cli.count("syntax-error@7") == 1);
        CHECK(editor == cli);
    }
}

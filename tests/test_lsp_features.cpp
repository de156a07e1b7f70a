// What the language server tells the editor, in-process: diagnostics (also
// across sibling migrations and open buffers), positions in UTF-16 and UTF-8
// with tabs, multi-byte text and CRLF, code actions and hover.
#include "lsp_session.hpp"
#include "lsp_test_client.hpp"
#include "test_support.hpp"

#include "pipeline/discover.hpp"

#include <doctest/doctest.h>

#include <chrono>

#include <set>

using namespace miglint::testing;

namespace {

// The whole file, as the linter reads it.
std::string read_text(const std::string& path) {
    return miglint::read_file(path, 1ULL << 30).value();
}

Json hover_request(int id, const std::string& path, unsigned line, unsigned character) {
    return lsp_request(id, "textDocument/hover",
                       {{"textDocument", {{"uri", lsp_uri(path)}}}, {"position", lsp_position(line, character)}});
}

}  // namespace

TEST_SUITE("lsp") {
    TEST_CASE("diagnostics for a fixture are the CLI's findings, with code, link, source and severity") {
        const auto transport = each_transport();
        TempDir dir;
        const auto text = read_text(std::string(MIGLINT_TEST_FIXTURES) + "/non-concurrent-index/unsafe-basic.sql");
        const auto path = dir.write("0001_index.sql", text).string();
        const auto session = open_and_ask(path, text, "", {}, transport);
        const auto params = session.diagnostics(lsp_uri(path));
        REQUIRE(params.is_object());
        CHECK(params["version"] == 1);

        const auto cli = run_cli({"--format", "json", path});
        const auto report = Json::parse(cli.out);
        std::multiset<std::string> expected;
        for (const auto& f : report["findings"]) {
            expected.insert(f["rule"].get<std::string>() + "@" + std::to_string(f["start"]["line"].get<int>() - 1));
        }
        CHECK(!expected.empty());
        CHECK(rules_and_lines(params) == expected);
        const auto& first = params["diagnostics"][0];
        CHECK(first["source"] == "miglint");
        CHECK(first["severity"] == 2);
        CHECK(first["codeDescription"]["href"].get<std::string>().ends_with("/docs/rules/" +
                                                                            first["code"].get<std::string>() + ".md"));
        CHECK(!first["message"].get<std::string>().empty());
    }

    TEST_CASE("diagnostics follow didChange and didSave, and didClose clears them") {
        TempDir dir;
        const auto path = dir.write("0001_a.sql", "SELECT 1;\n").string();
        const auto uri = lsp_uri(path);
        const auto change = lsp_notification("textDocument/didChange",
                                             {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                              {"contentChanges", Json::array({{{"text", "DROP TABLE users;\n"}}})}});
        auto session = open_and_ask(path, "SELECT 1;\n", lsp_frame(change));
        auto params = session.diagnostics(uri);
        CHECK(params["version"] == 2);
        CHECK(rules_and_lines(params).count("drop-table@0") == 1);

        const auto save = lsp_notification("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
        const auto close = lsp_notification("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
        // Each request makes the server lint the edits before it: edits in one burst are one lint.
        const auto hover = [&](int id) {
            return lsp_frame(lsp_request(id, "textDocument/hover",
                                         {{"textDocument", {{"uri", uri}}}, {"position", lsp_position(0, 0)}}));
        };
        session = open_and_ask(path, "DROP TABLE users;\n", hover(3) + lsp_frame(save) + hover(4) + lsp_frame(close));
        int published = 0;
        for (const auto& m : session.messages) published += m.value("method", "") == "textDocument/publishDiagnostics";
        CHECK(published == 3);  // open, save, close
        CHECK(session.diagnostics(uri)["diagnostics"].empty());
    }

    TEST_CASE("a finding that needs an earlier sibling migration shows, and an unsaved sibling buffer counts") {
        const auto transport = each_transport();
        TempDir dir;
        const auto first = dir.write("0001_types.sql",
                                     "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                                     "CREATE TABLE people (id bigint CONSTRAINT people_pkey PRIMARY KEY, m mood);\n")
                               .string();
        const auto second = dir.write("0002_drop.sql", "DROP TYPE mood;\n").string();
        const auto session = open_and_ask(second, "DROP TYPE mood;\n", "", {}, transport);
        CHECK(rules_and_lines(session.diagnostics(lsp_uri(second))).count("enum-type-in-use@0") == 1);
        // Only the opened document's findings are published.
        CHECK(session.diagnostics(lsp_uri(first)).is_null());

        // The sibling's buffer no longer uses the type: its unsaved text wins over the disk.
        const auto unsaved = "CREATE TYPE mood AS ENUM ('sad', 'happy');\n";
        const auto overlaid =
            run_session(lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_did_open(lsp_uri(first), unsaved)) +
                            lsp_frame(lsp_did_open(lsp_uri(second), "DROP TYPE mood;\n")) + k_shutdown_exit,
                        transport);
        CHECK(rules_and_lines(overlaid.diagnostics(lsp_uri(second))).count("enum-type-in-use@0") == 0);
    }

    TEST_CASE("suppressed findings are not published; syntax errors are") {
        TempDir dir;
        const auto text =
            "-- miglint: ignore non-concurrent-index, missing-lock-timeout\nCREATE INDEX idx ON users (a);\nSELEC "
            "oops;\n";
        const auto path = dir.write("0001_x.sql", text).string();
        const auto found = rules_and_lines(open_and_ask(path, text).diagnostics(lsp_uri(path)));
        CHECK(found.count("non-concurrent-index@1") == 0);
        CHECK(found.count("syntax-error@2") == 1);
    }

    TEST_CASE("ranges count UTF-16 code units by default and bytes under utf-8, with tabs, accents, emoji and CRLF") {
        const auto transport = each_transport();
        TempDir dir;
        // Line 1: "/* é😀 */\tCREATE INDEX ...": é is 1 UTF-16 unit (2 bytes), 😀 2 units (4 bytes);
        // the statement spans 29 bytes, its semicolon left out.
        const std::string text = "SELECT 'é';\r\n/* é😀 */\tCREATE INDEX idx ON users (a);\r\n";
        const auto path = dir.write("0001_x.sql", text).string();
        const auto find = [](const Json& params) {
            for (const auto& d : params["diagnostics"]) {
                if (d["code"] == "non-concurrent-index") return d["range"];
            }
            return Json(nullptr);
        };
        const auto utf16 = find(open_and_ask(path, text, "", {}, transport).diagnostics(lsp_uri(path)));
        REQUIRE(utf16.is_object());
        CHECK(utf16["start"] == lsp_position(1, 10));
        CHECK(utf16["end"] == lsp_position(1, 10 + 29));
        const auto utf8 = find(open_and_ask(path, text, "", {"utf-8"}, transport).diagnostics(lsp_uri(path)));
        REQUIRE(utf8.is_object());
        CHECK(utf8["start"] == lsp_position(1, 13));
        CHECK(utf8["end"] == lsp_position(1, 13 + 29));
    }

    TEST_CASE("hover on a flagged span explains it; elsewhere the result is null; positions are UTF-16") {
        const auto transport = each_transport();
        TempDir dir;
        const std::string text = "/* é😀 */\tCREATE INDEX idx ON users (a);\r\n";
        const auto path = dir.write("0001_x.sql", text).string();
        const auto session =
            open_and_ask(path, text,
                         lsp_frame(hover_request(2, path, 0, 10)) + lsp_frame(hover_request(3, path, 0, 9)) +
                             lsp_frame(hover_request(4, path, 5, 0)),
                         {}, transport);
        const auto hit = session.reply(2)["result"];
        REQUIRE(hit.is_object());
        CHECK(hit["contents"]["kind"] == "markdown");
        const auto markdown = hit["contents"]["value"].get<std::string>();
        CHECK(markdown.find("`non-concurrent-index`") != std::string::npos);
        CHECK(markdown.find("takes a SHARE lock on `users`") != std::string::npos);
        CHECK(markdown.find("**Lock:** `SHARE` (blocks writes") != std::string::npos);
        CHECK(markdown.find("CREATE INDEX CONCURRENTLY idx ON users (a);") != std::string::npos);
        CHECK(markdown.find("docs/rules/non-concurrent-index.md") != std::string::npos);
        CHECK(hit["range"]["start"] == lsp_position(0, 10));
        CHECK(session.reply(3)["result"].is_null());  // the tab before the statement
        CHECK(session.reply(4)["result"].is_null());  // past the end
        // Under utf-8 the same spot is byte 13.
        const auto utf8 = open_and_ask(
            path, text, lsp_frame(hover_request(2, path, 0, 13)) + lsp_frame(hover_request(3, path, 0, 12)), {"utf-8"},
            transport);
        CHECK(utf8.reply(2)["result"].is_object());
        CHECK(utf8.reply(3)["result"].is_null());
    }

    TEST_CASE("code action edits applied to the text give the fixed migration") {
        const auto transport = each_transport();
        TempDir dir;
        const std::string text = "SELECT 'é😀';\r\n\tCREATE INDEX idx ON users (a);\r\n";
        const auto path = dir.write("0001_x.sql", text).string();
        const auto session =
            open_and_ask(path, text, lsp_frame(code_action_request(2, path, lsp_range(1, 3, 1, 3))), {}, transport);
        const auto actions = session.reply(2)["result"];
        const auto fix = action_titled(actions, "miglint: add CONCURRENTLY");
        REQUIRE(fix.is_object());
        CHECK(fix["kind"] == "quickfix");
        CHECK(fix["isPreferred"] == true);
        CHECK(fix["diagnostics"][0]["code"] == "non-concurrent-index");
        CHECK(apply_lsp_edits(text, edits_of(fix, path)) ==
              "SELECT 'é😀';\r\n\tCREATE INDEX CONCURRENTLY idx ON users (a);\r\n");

        const auto ignore = action_titled(actions, "Ignore non-concurrent-index on this line");
        REQUIRE(ignore.is_object());
        CHECK(apply_lsp_edits(text, edits_of(ignore, path)) ==
              "SELECT 'é😀';\r\n\t-- miglint: ignore non-concurrent-index\r\n\tCREATE INDEX idx ON users (a);\r\n");
        // Nothing is flagged on line 0, so nothing is offered there.
        const auto none = open_and_ask(path, text, lsp_frame(code_action_request(2, path, lsp_range(0, 0, 0, 0))));
        CHECK(none.reply(2)["result"].empty());
        // A client that wants only refactorings gets no quick fixes.
        auto only = code_action_request(2, path, lsp_range(1, 0, 1, 0));
        only["params"]["context"]["only"] = Json::array({"refactor"});
        CHECK(open_and_ask(path, text, lsp_frame(only)).reply(2)["result"].empty());
    }

    TEST_CASE("the ignore action in an Alembic revision is a Python comment with the line's indentation") {
        TempDir dir;
        const std::string text =
            "revision = \"0001\"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n"
            "    op.drop_table(\"users\")\n\n\ndef downgrade():\n    pass\n";
        const auto path = dir.write("versions/0001_drop.py", text).string();
        const auto session = open_and_ask(path, text, lsp_frame(code_action_request(2, path, lsp_range(7, 0, 7, 0))));
        CHECK(rules_and_lines(session.diagnostics(lsp_uri(path))).count("drop-table@7") == 1);
        const auto ignore = action_titled(session.reply(2)["result"], "Ignore drop-table on this line");
        REQUIRE(ignore.is_object());
        const auto fixed = apply_lsp_edits(text, edits_of(ignore, path));
        CHECK(fixed.find("def upgrade():\n    # miglint: ignore[drop-table]\n    op.drop_table(\"users\")\n") !=
              std::string::npos);
        // Linted again, the directive suppresses the finding.
        const auto again = open_and_ask(path, fixed);
        CHECK(rules_and_lines(again.diagnostics(lsp_uri(path))).count("drop-table@8") == 0);
    }

    TEST_CASE("the rules' added fixes are quick fixes: name a constraint, wrap an Alembic call in autocommit_block") {
        TempDir dir;
        const std::string sql = "CREATE TABLE people (id bigint, email text UNIQUE);\n";
        const auto sql_path = dir.write("sql/0001_people.sql", sql).string();
        CHECK(after_action(sql_path, sql, 0, "miglint: name it people_email_key") ==
              "CREATE TABLE people (id bigint, email text CONSTRAINT people_email_key UNIQUE);\n");

        const std::string py =
            "revision = \"0001\"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n"
            "    op.create_index(\"ix_users_email\", \"users\", [\"email\"], postgresql_concurrently=True)\n\n\n"
            "def downgrade():\n    op.drop_index(\"ix_users_email\", table_name=\"users\")\n";
        const auto py_path = dir.write("versions/0001_index.py", py).string();
        const auto fixed = after_action(py_path, py, 7, "miglint: run it in an autocommit block (unsafe fix)");
        CHECK(fixed.find("def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index(") !=
              std::string::npos);
        const auto again = open_and_ask(py_path, fixed);
        CHECK(rules_and_lines(again.diagnostics(lsp_uri(py_path))).count("concurrent-index-in-transaction@8") == 0);
    }

    TEST_CASE("a ranged didChange is applied to the text in the negotiated encoding") {
        TempDir dir;
        const std::string text = "-- é😀\nSELECT 1;\n";
        const auto path = dir.write("0001_x.sql", text).string();
        const auto uri = lsp_uri(path);
        // Replace "SELECT 1" on line 1; then insert on line 0 at UTF-16 column 5, inside the
        // emoji's surrogate pair, which lands after the emoji.
        const auto change = lsp_notification(
            "textDocument/didChange",
            {{"textDocument", {{"uri", uri}, {"version", 2}}},
             {"contentChanges", Json::array({{{"range", lsp_range(1, 0, 1, 8)}, {"text", "DROP TABLE users"}},
                                             {{"range", lsp_range(0, 5, 0, 5)}, {"text", "!"}}})}});
        const auto hover = hover_request(2, path, 1, 0);
        const auto session = open_and_ask(path, text, lsp_frame(change) + lsp_frame(hover));
        CHECK(rules_and_lines(session.diagnostics(uri)).count("drop-table@1") == 1);
        const auto markdown = session.reply(2)["result"]["contents"]["value"].get<std::string>();
        CHECK(markdown.find("`drop-table`") != std::string::npos);
    }

    TEST_CASE("a plain Python file gets no diagnostics and leaves its siblings' alone") {
        TempDir dir;
        const auto sql = dir.write("m/0001_drop.sql", "DROP TABLE users;\n").string();
        const auto helper = dir.write("m/helpers.py", "def f():\n    return 1\n").string();
        const auto session = run_session(
            lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_did_open(lsp_uri(sql), "DROP TABLE users;\n")) +
            lsp_frame(lsp_did_open(lsp_uri(helper), "def f():\n    return 1\n", "python")) + k_shutdown_exit);
        const auto found = rules_and_lines(session.diagnostics(lsp_uri(sql)));
        CHECK(found.count("drop-table@0") == 1);
        CHECK(session.diagnostics(lsp_uri(helper))["diagnostics"].empty());
        int sql_publications = 0;
        for (const auto& m : session.messages) {
            sql_publications +=
                m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == lsp_uri(sql);
        }
        CHECK(sql_publications == 1);
    }

    TEST_CASE("config comes from the document's folder; a broken config or stats file is shown once") {
        TempDir dir;
        dir.write("proj/miglint.toml", "select = [\"drop-table\"]\n");
        const std::string text = "DROP TABLE users;\nCREATE INDEX idx ON users (a);\n";
        const auto path = dir.write("proj/migrations/0001_x.sql", text).string();
        CHECK(rules_and_lines(open_and_ask(path, text).diagnostics(lsp_uri(path))) ==
              std::multiset<std::string>{"drop-table@0"});

        dir.write("bad/miglint.toml", "selct = [\"drop-table\"]\n");
        const auto bad = dir.write("bad/0001_x.sql", text).string();
        const auto change =
            lsp_notification("textDocument/didChange", {{"textDocument", {{"uri", lsp_uri(bad)}, {"version", 2}}},
                                                        {"contentChanges", Json::array({{{"text", text + "\n"}}})}});
        const auto session = open_and_ask(bad, text, lsp_frame(change));
        int shown = 0;
        for (const auto& m : session.messages) {
            if (m.value("method", "") != "window/showMessage") continue;
            ++shown;
            CHECK(m["params"]["message"].get<std::string>().find("miglint.toml:1:1: unknown key `selct`") !=
                  std::string::npos);
        }
        CHECK(shown == 1);
        // The lint still ran, without the sizes.
        CHECK(rules_and_lines(session.diagnostics(lsp_uri(bad))).count("drop-table@0") == 1);
    }

    TEST_CASE("a repository's config cannot make the language server connect or read stats: a warning says so") {
        TempDir dir;
        // Port 1: were the URL used, the connection would fail and an error be shown.
        dir.write("repo/miglint.toml",
                  "database-url = \"postgresql://u:s3cret@127.0.0.1:1/db\"\n"
                  "table-stats = \"stats.json\"\n");
        dir.write("repo/stats.json", R"([{"table": "users", "rows": 50000000}])");
        const std::string text = "SET lock_timeout = '1s';\nCREATE INDEX a ON users (a);\n";
        const auto path = dir.write("repo/0001_x.sql", text).string();
        const auto session = open_and_ask(path, text);
        int warned = 0;
        for (const auto& m : session.messages) {
            if (m.value("method", "") != "window/showMessage") continue;
            const auto message = m["params"]["message"].get<std::string>();
            CHECK(m["params"]["type"] == 2);
            CHECK(message.find("miglint.toml:1:16: `database-url` is ignored") != std::string::npos);
            CHECK(message.find("miglint.toml:2:15: `table-stats` is ignored") != std::string::npos);
            CHECK(message.find("s3cret") == std::string::npos);
            ++warned;
        }
        CHECK(warned == 1);
        const auto diagnostics = session.diagnostics(lsp_uri(path))["diagnostics"];
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics[0]["severity"] == 2);  // a warning: the large-table statistics were not read
    }

    TEST_CASE("the ignore action inside a triple-quoted SQL string of an Alembic revision is an SQL comment") {
        TempDir dir;
        const std::string text =
            "revision = \"1\"\ndown_revision = None\n\nfrom alembic import op\n\n# a \"quote\" in a comment\n\ndef "
            "upgrade():\n"
            "    op.execute(\"\"\"\n        CREATE INDEX idx ON users (a)\n    \"\"\")\n\n\ndef downgrade():\n    "
            "pass\n";
        const auto path = dir.write("versions/0001_x.py", text).string();
        const auto fixed = after_action(path, text, 9, "Ignore non-concurrent-index on this line");
        CHECK(fixed.find("op.execute(\"\"\"\n        -- miglint: ignore non-concurrent-index\n        CREATE INDEX") !=
              std::string::npos);
        CHECK(rules_and_lines(open_and_ask(path, fixed).diagnostics(lsp_uri(path))).count("non-concurrent-index@10") ==
              0);
    }

    TEST_CASE("the ignore action adds the rule to a directive already above the line") {
        TempDir dir;
        const std::string sql =
            "-- miglint: ignore missing-lock-timeout -- runner sets it\nCREATE INDEX idx ON users (a);\n";
        const auto sql_path = dir.write("a/0001_x.sql", sql).string();
        const auto fixed = after_action(sql_path, sql, 1, "Ignore non-concurrent-index on this line");
        CHECK(fixed ==
              "-- miglint: ignore missing-lock-timeout, non-concurrent-index -- runner sets it\n"
              "CREATE INDEX idx ON users (a);\n");
        CHECK(open_and_ask(sql_path, fixed).diagnostics(lsp_uri(sql_path))["diagnostics"].empty());

        const std::string py =
            "revision = \"1\"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n"
            "    # miglint: ignore[missing-downgrade]\n    op.drop_table(\"users\")\n\n\n"
            "def downgrade():\n    pass\n";
        const auto py_path = dir.write("b/0001_x.py", py).string();
        CHECK(after_action(py_path, py, 8, "Ignore drop-table on this line")
                  .find("    # miglint: ignore[missing-downgrade, drop-table]\n") != std::string::npos);
    }
}

TEST_SUITE("lsp") {
    TEST_CASE("a burst of edits is linted once, not once per edit; a request after it sees the last edit's findings") {
        const auto transport = each_transport();
        TempDir dir;
        // 200 edits of a 100 KB document took a lint each: 17 s for 200 on a 150 KB one.
        std::string text;
        for (int i = 0; i < 5000; ++i) text += "SELECT " + std::to_string(i) + " AS n;\n";
        const auto path = dir.write("m/0001_x.sql", text).string();
        const auto uri = lsp_uri(path);
        std::string input = lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_notification("initialized")) +
                            lsp_frame(lsp_did_open(uri, text));
        for (int version = 2; version <= 201; ++version) {
            const auto edited =
                text + (version == 201 ? "DROP TABLE users;\n" : "-- " + std::to_string(version) + "\n");
            input += lsp_frame(
                lsp_notification("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                                            {"contentChanges", Json::array({{{"text", edited}}})}}));
        }
        input += lsp_frame(lsp_request(2, "textDocument/hover",
                                       {{"textDocument", {{"uri", uri}}}, {"position", lsp_position(5000, 2)}}));
        const auto start = std::chrono::steady_clock::now();
        const auto session = run_session(input + k_shutdown_exit, transport);
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        int published = 0;
        for (const auto& m : session.messages) {
            published += m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        }
        CHECK(published <= 3);  // the client's bursts as the pipe delivers them, not 201
        CHECK(rules_and_lines(session.diagnostics(uri)).count("drop-table@5000") == 1);
        const auto hover = session.reply(2)["result"]["contents"]["value"].get<std::string>();
        CHECK(hover.find("`drop-table`") != std::string::npos);
        CHECK(seconds < 15.0);
    }
}

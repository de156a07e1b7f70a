#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

// The rules these tests look for: one that flags, and what bad input becomes.
const std::string k_rules = "syntax-error,non-concurrent-index";
const std::string k_bad_sql = "CREATE INDEX i ON t (a);";

// An Alembic revision whose upgrade() runs `body` (one line, indented by
// four spaces), with `eol` as its line ending; its create_index is on line 6.
std::string revision(const std::string& body, const std::string& eol = "\n") {
    return "revision = \"a1\"" + eol + "down_revision = None" + eol + "from alembic import op" + eol + eol +
           "def upgrade():" + eol + "    op.create_index(\"i\", \"t\", [\"a\"])" + eol + body + eol + eol +
           "def downgrade():" + eol + "    op.drop_index(\"i\")" + eol;
}

// Findings of `paths` with only k_rules on, as (rule, line, column) in output order.
struct Seen {
    std::string rule;
    int line = 0;
    int column = 0;
    std::string message;
};
std::vector<Seen> findings_of(const std::vector<std::string>& paths, int expected_exit = 1) {
    std::vector<std::string> args{"--no-config", "--format", "json", "--select", k_rules};
    args.insert(args.end(), paths.begin(), paths.end());
    const auto run = run_cli(args);
    CHECK(run.exit_code == expected_exit);
    std::vector<Seen> seen;
    const auto json = nlohmann::json::parse(run.out);
    for (const auto& f : json["findings"]) {
        seen.push_back({f["rule"], f["start"]["line"], f["start"]["column"], f["message"]});
    }
    return seen;
}

// Every rule but the opt-in style rules, which would flag each statement of these
// search_path- and transaction-agnostic snippets.
nlohmann::json lint_json(const std::vector<std::string>& paths) {
    // Rules that flag nearly every input here (timeouts, idempotency, schema names); these tests are about the input.
    std::vector<std::string> args{"--format", "json", "--select", "all", "--ignore",
                                  "missing-lock-timeout,missing-statement-timeout,non-idempotent-ddl,require-schema-qualified"};
    args.insert(args.end(), paths.begin(), paths.end());
    return nlohmann::json::parse(run_cli(args).out);
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("an empty file, a whitespace-only file and a file of comments are clean") {
        TempDir dir;
        const auto empty = dir.write("empty.sql", "").string();
        const auto blank = dir.write("blank.sql", "  \n\t\r\n").string();
        const auto comments = dir.write("comments.sql", "-- nothing\n/* at all */\n").string();
        const auto run = run_cli({empty, blank, comments});
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("3 files checked, 0 findings") != std::string::npos);
    }

    TEST_CASE("a binary file is a syntax-error finding at its first NUL byte, and the next file is still linted") {
        TempDir dir;
        const auto binary = dir.write("a_binary.sql", std::string("CREATE\0\x01\x02", 9)).string();
        const auto next = dir.write("b_next.sql", "CREATE INDEX i ON t (a);\n").string();
        const auto json = lint_json({binary, next});
        REQUIRE(json["findings"].size() == 2);
        CHECK(json["findings"][0]["rule"] == "syntax-error");
        CHECK(json["findings"][0]["path"] == binary);
        CHECK(json["findings"][0]["start"]["column"] == 7);
        CHECK(json["findings"][0]["message"].get<std::string>().find("NUL") != std::string::npos);
        CHECK(json["findings"][1]["rule"] == "non-concurrent-index");
    }

    TEST_CASE("invalid UTF-8 is a syntax-error at the bad byte and the statements are still checked") {
        TempDir dir;
        const auto file = dir.write("latin1.sql", "CREATE TABLE t (n text DEFAULT 'caf\xE9');\nCREATE INDEX i ON u (a);\n").string();
        const auto json = lint_json({file});
        REQUIRE(json["findings"].size() == 2);
        CHECK(json["findings"][0]["rule"] == "syntax-error");
        CHECK(json["findings"][0]["start"]["line"] == 1);
        CHECK(json["findings"][0]["start"]["column"] == 36);
        CHECK(json["findings"][1]["rule"] == "non-concurrent-index");
        CHECK(json["findings"][1]["start"]["line"] == 2);
    }

    TEST_CASE("a 10 MB file is linted whole, with the finding at its last line") {
        TempDir dir;
        std::string big;
        big.reserve(10U << 20U);
        std::size_t lines = 0;
        while (big.size() < (10U << 20U)) {
            big += "INSERT INTO t (a, b) VALUES (1, 'some text to make the line longer');\n";
            ++lines;
        }
        big += "CREATE INDEX i ON t (a);\n";
        const auto file = dir.write("big.sql", big).string();
        const auto json = lint_json({file});
        REQUIRE(json["findings"].size() == 1);
        CHECK(json["findings"][0]["start"]["line"] == lines + 1);
    }

    TEST_CASE("a directory, a FIFO and a dangling symlink are errors naming the path; the rest is linted") {
        TempDir dir;
        const auto good = dir.write("good.sql", "SELECT 1;\n").string();
        const auto fifo = (dir.path() / "pipe.sql").string();
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        const auto dangling = (dir.path() / "dangling.sql").string();
        std::filesystem::create_symlink(dir.path() / "missing-target.sql", dangling);
        const auto run = run_cli({"--format", "json", fifo, dangling, good});
        CHECK(run.exit_code == 2);
        const auto json = nlohmann::json::parse(run.out);
        CHECK(json["files_checked"] == 1);
        REQUIRE(json["errors"].size() == 2);
        CHECK(json["errors"][0]["path"] == dangling);
        CHECK(json["errors"][1]["path"] == fifo);
    }

    TEST_CASE("a directory symlink loop does not trap the walk") {
        TempDir dir;
        dir.write("m/0001.sql", "CREATE INDEX i ON t (a);\n");
        std::filesystem::create_directory_symlink(dir.path() / "m", dir.path() / "m" / "loop");
        const auto run = run_cli({"--format", "json", "--ignore", "missing-lock-timeout", dir.path().string()});
        const auto json = nlohmann::json::parse(run.out);
        CHECK(json["files_checked"] == 1);
        CHECK(json["findings"].size() == 1);
    }

    TEST_CASE("empty and whitespace-only Python files are not revisions, and the bad file beside them is reported") {
        TempDir dir;
        const auto empty = dir.write("versions/a_empty.py", "").string();
        const auto blank = dir.write("versions/b_blank.py", " \n\t\n\r\n").string();
        const auto bad = dir.write("c_bad.sql", k_bad_sql + "\n").string();
        const auto seen = findings_of({empty, blank, bad});
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].rule == "non-concurrent-index");
        CHECK(run_cli({"--no-config", "--stdin-filename", "versions/x.py"}, " \n").exit_code == 0);
        CHECK(run_cli({"--no-config", "--stdin-filename", "x.sql"}, "").exit_code == 0);
    }

    TEST_CASE("a NUL byte and invalid UTF-8 in a Python revision are one syntax-error each, and its operations are still checked") {
        TempDir dir;
        const auto nul = dir.write("versions/a_nul.py", revision(std::string("    x = \"\0\"", 11))).string();
        const auto latin1 = dir.write("versions/b_latin1.py", revision("    x = \"caf\xE9\"")).string();
        const auto seen = findings_of({nul, latin1});
        REQUIRE(seen.size() == 4);
        CHECK(seen[0].rule == "non-concurrent-index");
        CHECK(seen[1].rule == "syntax-error");
        CHECK(seen[1].line == 7);
        CHECK(seen[1].column == 10);
        CHECK(seen[1].message.find("NUL byte") != std::string::npos);
        CHECK(seen[3].rule == "syntax-error");
        CHECK(seen[3].line == 7);
        CHECK(seen[3].column == 13);
        CHECK(seen[3].message.find("0xE9") != std::string::npos);
    }

    TEST_CASE("a Python file that declares another encoding may hold bytes that are not UTF-8") {
        TempDir dir;
        const auto file = dir.write("versions/latin1.py", "# -*- coding: latin-1 -*-\n" + revision("    x = \"caf\xE9\"")).string();
        const auto seen = findings_of({file});
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].rule == "non-concurrent-index");
    }

    TEST_CASE("a UTF-8 byte order mark is no syntax error and no column: a finding after it is at 1:1") {
        TempDir dir;
        const auto sql = dir.write("a_bom.sql", "\xEF\xBB\xBF" + k_bad_sql + "\n").string();
        const auto py = dir.write("versions/b_bom.py", "\xEF\xBB\xBF" + revision("")).string();
        const auto bad_first_line = dir.write("c_bom_error.sql", "\xEF\xBB\xBFSELEC 1;\n").string();
        const auto seen = findings_of({sql, py, bad_first_line});
        REQUIRE(seen.size() == 3);  // by path: a_bom.sql, c_bom_error.sql, versions/b_bom.py
        CHECK(seen[0].rule == "non-concurrent-index");
        CHECK((seen[0].line == 1 && seen[0].column == 1));
        CHECK(seen[1].rule == "syntax-error");
        CHECK((seen[1].line == 1 && seen[1].column == 1));
        CHECK(seen[2].rule == "non-concurrent-index");
        CHECK((seen[2].line == 6 && seen[2].column == 5));
        const auto text = run_cli({"--no-config", "--select", k_rules, "--color", "never", sql});
        CHECK(text.out.find("a_bom.sql:1:1: warning[non-concurrent-index]") != std::string::npos);
        CHECK(text.out.find("1 | CREATE INDEX") != std::string::npos);  // the code frame does not show the mark
    }

    TEST_CASE("CRLF and lone CR line endings give the finding's line and column, in SQL and Python") {
        TempDir dir;
        const auto crlf = dir.write("a_crlf.sql", "SELECT 1;\r\n  " + k_bad_sql + "\r\n").string();
        const auto cr = dir.write("b_cr.sql", "SELECT 1;\rSELECT 2;\r\t" + k_bad_sql + "\r").string();
        const auto py_crlf = dir.write("versions/c_crlf.py", revision("", "\r\n")).string();
        const auto py_cr = dir.write("versions/d_cr.py", revision("", "\r")).string();
        const auto seen = findings_of({crlf, cr, py_crlf, py_cr});
        REQUIRE(seen.size() == 4);  // a lone CR ends a Python line too: no syntax-error
        CHECK((seen[0].line == 2 && seen[0].column == 3));
        CHECK((seen[1].line == 3 && seen[1].column == 2));
        CHECK((seen[2].line == 6 && seen[2].column == 5));
        CHECK((seen[3].line == 6 && seen[3].column == 5));
        for (const auto& s : seen) CHECK(s.rule == "non-concurrent-index");
    }

    TEST_CASE("a tab is one column in text and JSON output, and the caret stays under the statement") {
        TempDir dir;
        const auto file = dir.write("tabs.sql", "SELECT 1;\n\t\t" + k_bad_sql + "\n").string();
        const auto seen = findings_of({file});
        REQUIRE(seen.size() == 1);
        CHECK((seen[0].line == 2 && seen[0].column == 3));
        const auto text = run_cli({"--no-config", "--select", k_rules, "--color", "never", file}).out;
        CHECK(text.find("tabs.sql:2:3: warning[non-concurrent-index]") != std::string::npos);
        CHECK(text.find("2 |   CREATE INDEX") != std::string::npos);  // each tab shown as one space
        CHECK(text.find("  |   ^^^^") != std::string::npos);
    }

    TEST_CASE("a Python revision indented with tabs and spaces inconsistently is a syntax-error, as Python's TabError") {
        TempDir dir;
        const auto mixed = dir.write("versions/a_mixed.py", revision("\top.execute(\"SELECT 1\")")).string();
        // Tabs in one block and spaces in another is valid Python.
        const auto separate = dir.write("versions/b_separate.py",
                                        "revision = \"b1\"\ndown_revision = None\nfrom alembic import op\n\n"
                                        "def upgrade():\n\top.create_index(\"i\", \"t\", [\"a\"])\n\n"
                                        "def downgrade():\n        op.drop_index(\"i\")\n").string();
        const auto seen = findings_of({mixed, separate});
        REQUIRE(seen.size() == 3);
        CHECK(seen[0].rule == "non-concurrent-index");
        CHECK(seen[1].rule == "syntax-error");
        CHECK((seen[1].line == 7 && seen[1].column == 1));
        CHECK(seen[1].message.find("tabs and spaces") != std::string::npos);
        CHECK(seen[2].rule == "non-concurrent-index");
        CHECK(seen[2].line == 6);
    }

    TEST_CASE("a single 1 MB line is linted, with the finding's column counted along it") {
        TempDir dir;
        std::string line;
        while (line.size() < (1U << 20U)) line += "SELECT 1; ";
        const auto sql = dir.write("a_long.sql", line + k_bad_sql + "\n").string();
        const auto py = dir.write("versions/b_long.py", revision("    x = \"" + std::string(1U << 20U, 'a') + "\"; " +
                                                                  "op.create_index(\"j\", \"t\", [\"b\"])")).string();
        const auto seen = findings_of({sql, py});
        REQUIRE(seen.size() == 3);
        CHECK((seen[0].line == 1 && seen[0].column == static_cast<int>(line.size()) + 1));
        CHECK(seen[1].line == 6);
        CHECK((seen[2].line == 7 && seen[2].column == 4 + 4 + 1 + (1 << 20) + 3 + 1));  // `    x = "`, the string, `"; `
    }

    TEST_CASE("10,000 nested parentheses are a syntax-error with a position, never a stack overflow") {
        TempDir dir;
        const std::string deep = std::string(10000, '(') + "1" + std::string(10000, ')');
        const auto sql = dir.write("a_deep.sql", "SELECT " + deep + ";\n" + k_bad_sql + "\n").string();
        const auto py = dir.write("versions/b_deep.py", revision("    x = " + deep)).string();
        const auto py_sql = dir.write("versions/c_deep_sql.py", revision("    op.execute(\"SELECT " + deep + "\")")).string();
        const auto seen = findings_of({sql, py, py_sql});
        REQUIRE(seen.size() == 6);
        CHECK(seen[0].rule == "syntax-error");
        CHECK(seen[0].line == 1);
        CHECK(seen[0].column == 8 + 1000);  // where the nesting passes 1000 levels
        CHECK(seen[1].rule == "non-concurrent-index");
        CHECK(seen[1].line == 2);
        CHECK(seen[2].rule == "non-concurrent-index");
        CHECK(seen[3].rule == "syntax-error");
        CHECK((seen[3].line == 7 && seen[3].column == 9 + 200));  // Python's own limit: 200 levels
        CHECK(seen[4].rule == "non-concurrent-index");
        CHECK(seen[5].rule == "syntax-error");
        CHECK(seen[5].line == 7);
        CHECK(seen[5].message.find("1000 levels") != std::string::npos);
    }

    TEST_CASE("Python's bracket limit holds at its edge and apart from how many brackets a file has") {
        TempDir dir;
        // The only brackets of these revisions are the nested ones: 201 levels are one too many, 200 are not.
        const auto nested = [](int levels) {
            return "revision = \"a1\"\ndown_revision = None\nx = " + std::string(levels, '(') + "1" + std::string(levels, ')') + "\n";
        };
        const auto over = dir.write("versions/a_201.py", nested(201)).string();
        const auto at_limit = dir.write("versions/b_200.py", nested(200)).string();
        // Hundreds of brackets, none nested deeper than two, and a tab inside a string only.
        std::string many;
        for (int i = 0; i < 300; ++i) many += "    op.execute(\"SELECT\t" + std::to_string(i) + "\")\n";
        const auto shallow = dir.write("versions/c_many.py", revision(many)).string();
        const auto seen = findings_of({over, at_limit, shallow});
        REQUIRE(seen.size() == 2);
        CHECK(seen[0].rule == "syntax-error");
        CHECK((seen[0].line == 3 && seen[0].column == 5 + 200));
        CHECK(seen[1].rule == "non-concurrent-index");
        CHECK(seen[1].line == 6);
    }

    TEST_CASE("operator chains and nested subqueries too deep for libpg_query's recursion are a syntax-error") {
        TempDir dir;
        std::string chain = "SELECT 1";
        for (int i = 0; i < 50000; ++i) chain += "-1";
        std::string subqueries = "SELECT ";
        for (int i = 0; i < 3000; ++i) subqueries += "(SELECT ";
        subqueries += "1" + std::string(3000, ')');
        std::string do_block = "DO $$ BEGIN PERFORM 1";
        for (int i = 0; i < 50000; ++i) do_block += "+1";
        do_block += "; END $$";
        const auto file = dir.write("deep.sql", chain + ";\n" + subqueries + ";\n" + do_block + ";\n" + k_bad_sql + "\n").string();
        const auto seen = findings_of({file});
        REQUIRE(seen.size() == 4);
        for (int i = 0; i < 3; ++i) {
            CHECK(seen[i].rule == "syntax-error");
            CHECK(seen[i].line == i + 1);
        }
        CHECK(seen[3].rule == "non-concurrent-index");
    }

    TEST_CASE("an unterminated string and an unterminated dollar quote are syntax-errors at their opening quote") {
        TempDir dir;
        const auto quote = dir.write("a_quote.sql", k_bad_sql + "\nSELECT 'abc;\nSELECT 2;\n").string();
        const auto dollar = dir.write("b_dollar.sql", k_bad_sql + "\nDO $$ BEGIN\n  PERFORM 1;\n").string();
        const auto seen = findings_of({quote, dollar});
        REQUIRE(seen.size() == 4);
        CHECK(seen[0].rule == "non-concurrent-index");
        CHECK(seen[1].rule == "syntax-error");
        CHECK((seen[1].line == 2 && seen[1].column == 8));
        CHECK(seen[1].message.find("unterminated quoted string") != std::string::npos);
        CHECK(seen[2].rule == "non-concurrent-index");
        CHECK(seen[3].rule == "syntax-error");
        CHECK((seen[3].line == 2 && seen[3].column == 4));
        CHECK(seen[3].message.find("unterminated dollar-quoted string") != std::string::npos);
    }

    TEST_CASE("deeply nested Python blocks, assignment chains and tuple targets stay within the walkers' bounds") {
        TempDir dir;
        std::string blocks;
        for (int i = 0; i < 2000; ++i) blocks += std::string(4 + i, ' ') + "if x:\n";
        blocks += std::string(4 + 2000, ' ') + "pass";
        std::string chain = "    ";
        for (int i = 0; i < 100000; ++i) chain += "a = ";
        const std::string target = "    " + std::string(150, '[') + "a" + std::string(150, ']') + " = [1]";
        const auto seen = findings_of({dir.write("versions/a_blocks.py", revision(blocks)).string(),
                                       dir.write("versions/b_chain.py", revision(chain + "1")).string(),
                                       dir.write("versions/c_target.py", revision(target)).string()});
        REQUIRE(seen.size() == 3);
        // Python allows 100 levels of indentation; tree-sitter loses the file past 250, so it is reported, not skipped.
        CHECK(seen[0].rule == "syntax-error");
        CHECK((seen[0].line == 7 + 100 && seen[0].column == 1));
        CHECK(seen[0].message.find("too many levels of indentation") != std::string::npos);
        for (int i = 1; i < 3; ++i) {
            CHECK(seen[i].rule == "non-concurrent-index");
            CHECK(seen[i].line == 6);
        }
    }
}

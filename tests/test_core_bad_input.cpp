#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

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
}

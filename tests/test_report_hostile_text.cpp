// What the linted files put into a report (their names, quoted tokens, source
// lines) cannot forge findings, drive the terminal or swell the report.
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

std::size_t count_lines_starting(const std::string& text, const std::string& prefix) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size();) {
        if (text.compare(at, prefix.size(), prefix) == 0) ++count;
        const auto end = text.find('\n', at);
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return count;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("a file name with a newline and ESC forges no finding and sends no escape, in text and GitHub output") {
        TempDir dir;
        const std::string name = "0001_x\n::error file=forged.sql,line=1::forged\x1b[2J.sql";
        dir.write("m/" + name, "DROP TABLE users;\n");
        const auto folder = (dir.path() / "m").string();
        const auto github = run_cli({"--format", "github", folder});
        CHECK(github.exit_code == 1);
        CHECK(github.out.find('\x1b') == std::string::npos);
        CHECK(count_lines_starting(github.out, "::error") == 0);  // nothing forged
        CHECK(count_lines_starting(github.out, "::warning") ==
              2);  // the real findings: drop-table, missing-lock-timeout
        CHECK(github.out.find("0001_x\\n%3A%3Aerror file=forged.sql%2Cline=1%3A%3Aforged\\x1B[2J.sql") !=
              std::string::npos);
        const auto text = run_cli({"--format", "text", "--color", "never", folder});
        CHECK(text.exit_code == 1);
        CHECK(text.out.find('\x1b') == std::string::npos);
        CHECK(count_lines_starting(text.out, "::error") == 0);
        CHECK(text.out.find("0001_x\\n::error file=forged.sql,line=1::forged\\x1B[2J.sql:1:1: warning[drop-table]") !=
              std::string::npos);
    }

    TEST_CASE("control characters in a source line are shown as `?` in the code frame, keeping the carets aligned") {
        TempDir dir;
        const auto file = dir.write("0001_x.sql", "DROP TABLE users; -- \x1b]0;owned\x07\n").string();
        const auto run = run_cli({"--color", "never", file});
        CHECK(run.out.find('\x1b') == std::string::npos);
        CHECK(run.out.find('\x07') == std::string::npos);
        CHECK(run.out.find("1 | DROP TABLE users; -- ?]0;owned?\n") != std::string::npos);
    }

    TEST_CASE("a huge token quoted in a syntax error gives a bounded message and code frame") {
        TempDir dir;
        const std::string token(2'000'000, 'x');
        const auto file = dir.write("0001_x.sql", "SELECT 1 '" + token + "';\n").string();
        const auto text = run_cli({"--color", "never", file});
        CHECK(text.exit_code == 1);
        CHECK(text.out.find("syntax-error") != std::string::npos);
        CHECK(text.out.size() < 20'000);
        const auto json = run_cli({"--format", "json", file});
        CHECK(json.out.size() < 20'000);
        const auto github = run_cli({"--format", "github", file});
        CHECK(github.out.size() < 20'000);
    }

    TEST_CASE("a long line's code frame shows a window around the finding, carets under it") {
        TempDir dir;
        const std::string padding(5000, ' ');
        const auto file =
            dir.write("0001_x.sql", "SELECT 1;" + padding + "DROP TABLE users;" + padding + "\n").string();
        const auto run = run_cli({"--color", "never", "--select", "drop-table", file});
        CHECK(run.out.find(":1:5010: warning[drop-table]") != std::string::npos);
        const std::string frame = "1 | ..." + std::string(40, ' ') + "DROP TABLE users;";
        CHECK(run.out.find(frame) != std::string::npos);
        CHECK(run.out.find("  | " + std::string(43, ' ') + std::string(16, '^') + "\n") != std::string::npos);
        CHECK(run.out.size() < 2000);
    }
}

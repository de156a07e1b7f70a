// The command line's output options: formats, -o, --color, --include-suppressed,
// --stdin-filename, and `miglint explain`.
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

const std::string k_unsafe = "CREATE INDEX idx_a ON users (a);\n";

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("-o writes the report to a file and nothing to standard output, in any format") {
        TempDir dir;
        const auto file = dir.write("m.sql", k_unsafe).string();
        for (const std::string format : {"text", "json", "sarif", "github", "gitlab", "markdown"}) {
            CAPTURE(format);
            const auto target = (dir.path() / ("report." + format)).string();
            const auto run = run_cli({"--no-config", "--format", format, "-o", target, file});
            CHECK(run.exit_code == 1);
            CHECK(run.out.empty());
            const auto written = read_all(target);
            CHECK(written == run_cli({"--no-config", "--format", format, "--color", "never", file}).out);
            CHECK(written.find("\x1b[") == std::string::npos);
        }
        CHECK(run_cli({"--no-config", "-o", (dir.path() / "no" / "such" / "dir.txt").string(), file}).exit_code == 2);
    }

    TEST_CASE("--format github appends the markdown report to the GITHUB_STEP_SUMMARY file, keeping what it holds") {
        TempDir dir;
        const auto file = dir.write("m.sql", k_unsafe).string();
        const auto summary = dir.write("summary.md", "earlier step output\n");
        const std::vector<std::string> args{"--no-config", "--ignore", "missing-lock-timeout", "--format", "github", file};
        const auto without = run_cli(args);
        CHECK(read_all(summary) == "earlier step output\n");  // the test binary starts with the variable unset
        miglint::testing::ScopedEnv env("GITHUB_STEP_SUMMARY", summary.string());
        const auto with = run_cli(args);
        CHECK(with.exit_code == 1);
        CHECK(with.out == without.out);
        CHECK(with.err.empty());
        const auto markdown = run_cli({"--no-config", "--ignore", "missing-lock-timeout", "--format", "markdown", file});
        CHECK(read_all(summary) == "earlier step output\n\n" + markdown.out);
        CHECK(markdown.out.find("<summary><code>") != std::string::npos);
        // Appended again by a second run, never truncated.
        run_cli(args);
        CHECK(read_all(summary) == "earlier step output\n\n" + markdown.out + "\n" + markdown.out);
        // Other formats leave the summary alone.
        run_cli({"--no-config", "--format", "text", file});
        CHECK(read_all(summary) == "earlier step output\n\n" + markdown.out + "\n" + markdown.out);
    }

    TEST_CASE("a GITHUB_STEP_SUMMARY that cannot be written is a warning, and the exit code stays") {
        TempDir dir;
        const auto file = dir.write("m.sql", k_unsafe).string();
        const std::vector<std::string> args{"--no-config", "--format", "github", file};
        const auto without = run_cli(args);
        miglint::testing::ScopedEnv env("GITHUB_STEP_SUMMARY", (dir.path() / "no" / "such" / "dir.md").string());
        const auto with = run_cli(args);
        CHECK(with.exit_code == without.exit_code);
        CHECK(with.out == without.out);
        CHECK(with.err.find("warning: cannot append the report to GITHUB_STEP_SUMMARY file ") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "no"));
    }

    TEST_CASE("--color: always colours, never and auto on a captured stream do not") {
        TempDir dir;
        const auto file = dir.write("m.sql", k_unsafe).string();
        CHECK(run_cli({"--no-config", "--color", "always", file}).out.find("\x1b[") != std::string::npos);
        CHECK(run_cli({"--no-config", "--color", "never", file}).out.find("\x1b[") == std::string::npos);
        CHECK(run_cli({"--no-config", "--color", "auto", file}).out.find("\x1b[") == std::string::npos);
        CHECK(run_cli({"--no-config", "--color", "sometimes", file}).exit_code == 2);
    }

    TEST_CASE("--format sarif marks suppressed findings only with --include-suppressed") {
        TempDir dir;
        const auto file = dir.write("m.sql", "-- miglint: ignore non-concurrent-index\n" + k_unsafe).string();
        const auto plain = nlohmann::json::parse(run_cli({"--no-config", "--ignore", "missing-lock-timeout", "--format", "sarif", file}).out);
        CHECK(plain["runs"][0]["results"].empty());
        const auto kept = run_cli({"--no-config", "--ignore", "missing-lock-timeout", "--format", "sarif", "--include-suppressed", file});
        CHECK(kept.exit_code == 0);  // suppressed findings never fail the run
        const auto log = nlohmann::json::parse(kept.out);
        REQUIRE(log["runs"][0]["results"].size() == 1);
        CHECK(log["runs"][0]["results"][0]["suppressions"][0]["kind"] == "inSource");
    }

    TEST_CASE("--stdin-filename lints standard input under that name") {
        TempDir dir;
        const auto name = (dir.path() / "db" / "0001_x.sql").string();
        const auto run = run_cli({"--no-config", "--ignore", "missing-lock-timeout", "--format", "json", "--stdin-filename", name}, k_unsafe);
        CHECK(run.exit_code == 1);
        const auto json = nlohmann::json::parse(run.out);
        REQUIRE(json["findings"].size() == 1);
        CHECK(json["findings"][0]["path"] == name);
        CHECK(run_cli({"--no-config", "--stdin-filename", name}, "CREATE INDEX CONCURRENTLY i ON t (a);\n").exit_code == 0);
        const auto github = run_cli({"--no-config", "--format", "github", "--stdin-filename", "x.sql"}, k_unsafe);
        CHECK(github.out.starts_with("::warning file=x.sql,line=1,col=1,"));
    }

    TEST_CASE("unused-suppression runs when selected and reports directives that suppress nothing") {
        TempDir dir;
        const auto file = dir.write("m.sql", "-- miglint: ignore non-concurrent-index\nSELECT 1;\n").string();
        CHECK(run_cli({"--no-config", "--format", "json", file}).out.find("unused-suppression") == std::string::npos);
        const auto run = run_cli({"--no-config", "--format", "json", "--select", "unused-suppression,non-concurrent-index", file});
        CHECK(run.exit_code == 0);  // info does not fail the run
        const auto json = nlohmann::json::parse(run.out);
        REQUIRE(json["findings"].size() == 1);
        CHECK(json["findings"][0]["rule"] == "unused-suppression");
        CHECK(json["findings"][0]["start"]["column"] == 4);
        // Judged only for rules that ran.
        CHECK(run_cli({"--no-config", "--select", "unused-suppression", file}).out.find("0 findings") != std::string::npos);
    }

    TEST_CASE("miglint explain prints the rule's page; an unknown id exits 2 naming near matches") {
        const auto page = run_cli({"explain", "non-concurrent-index"});
        CHECK(page.exit_code == 0);
        CHECK(page.out.starts_with("# non-concurrent-index\n"));
        CHECK(page.out.find("## Safe alternative") != std::string::npos);
        // Whether it fixes and which kind, from the registry.
        CHECK(page.out.ends_with("\nFix: sometimes, safe or unsafe (miglint --fix; --unsafe-fixes for the unsafe ones): "
                                 "adds CONCURRENTLY; unsafe where it also takes the file out of its transaction (goose, "
                                 "dbmate, Flyway, diesel) or moves the statement into a migration of its own.\n"));
        CHECK(run_cli({"explain", "constraint-without-not-valid"}).out.find("\nFix: sometimes, unsafe (miglint --fix "
                                                                          "--unsafe-fixes): adds NOT VALID") != std::string::npos);
        CHECK(run_cli({"explain", "drop-column"}).out.ends_with("\nFix: none; the help says what to write instead.\n"));
        const auto typo = run_cli({"explain", "non-concurent-index"});
        CHECK(typo.exit_code == 2);
        CHECK(typo.out.empty());
        CHECK(typo.err.find("unknown rule id `non-concurent-index`; did you mean `non-concurrent-index`") != std::string::npos);
        CHECK(run_cli({"explain", "zzzzzzzzzzzzzz"}).err.find("did you mean") == std::string::npos);
        CHECK(run_cli({"explain"}).exit_code == 2);
    }
}

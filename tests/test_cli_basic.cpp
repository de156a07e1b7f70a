#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

const std::string k_unsafe = "CREATE INDEX idx_a ON users (a);\n";
const std::string k_safe = "CREATE INDEX CONCURRENTLY idx_a ON users (a);\n";
// missing-lock-timeout also flags k_unsafe; tests that count one finding leave it out.
const std::string k_no_timeout_rule = "missing-lock-timeout";

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("exit code is 0 when clean, 1 with findings, 2 for a missing path") {
        TempDir dir;
        const auto safe = dir.write("safe.sql", k_safe).string();
        const auto unsafe = dir.write("unsafe.sql", k_unsafe).string();
        CHECK(run_cli({safe}).exit_code == 0);
        const auto flagged = run_cli({unsafe});
        CHECK(flagged.exit_code == 1);
        CHECK(flagged.out.find("warning[non-concurrent-index]") != std::string::npos);
        const auto missing = run_cli({(dir.path() / "nope.sql").string(), safe});
        CHECK(missing.exit_code == 2);
        CHECK(missing.out.find("nope.sql: no such file or directory") != std::string::npos);
        CHECK(missing.out.find("1 file checked") != std::string::npos);  // the other file is still linted
    }

    TEST_CASE("--exit-zero, --fail-on, --select and --ignore change what fails") {
        TempDir dir;
        const auto unsafe = dir.write("unsafe.sql", k_unsafe).string();
        CHECK(run_cli({"--exit-zero", unsafe}).exit_code == 0);
        CHECK(run_cli({"--fail-on", "error", unsafe}).exit_code == 0);
        CHECK(run_cli({"--ignore", "non-concurrent-index," + k_no_timeout_rule, unsafe}).exit_code == 0);
        CHECK(run_cli({"--select", "syntax-error", unsafe}).exit_code == 0);
        CHECK(run_cli({"--select", "syntax-error,non-concurrent-index", unsafe}).exit_code == 1);
    }

    TEST_CASE("usage errors exit 2 with a message: unknown rule, bad version, unknown flag, no paths") {
        TempDir dir;
        const auto safe = dir.write("safe.sql", k_safe).string();
        const auto unknown_rule = run_cli({"--select", "no-such-rule", safe});
        CHECK(unknown_rule.exit_code == 2);
        CHECK(unknown_rule.err.find("no-such-rule") != std::string::npos);
        CHECK(run_cli({"--pg-version", "fifteen", safe}).exit_code == 2);
        CHECK(run_cli({"--no-such-flag", safe}).exit_code == 2);
        CHECK(run_cli({}).exit_code == 2);
    }

    TEST_CASE("text format shows path:line:col, severity[rule], the source line, a caret and help") {
        TempDir dir;
        const auto file = dir.write("m.sql", "-- c\n  CREATE INDEX idx_a ON users (a);\n").string();
        const auto run = run_cli({"--color", "never", "--ignore", k_no_timeout_rule, file});
        CHECK(run.out.find(file + ":2:3: warning[non-concurrent-index] creating index `idx_a`") == 0);
        CHECK(run.out.find("2 |   CREATE INDEX idx_a ON users (a);\n") != std::string::npos);
        CHECK(run.out.find("  |   ^^^^") != std::string::npos);
        CHECK(run.out.find("help: build it without blocking writes") != std::string::npos);
        CHECK(run.out.find("\x1b[") == std::string::npos);
        CHECK(run_cli({"--color", "always", file}).out.find("\x1b[") != std::string::npos);
    }

    TEST_CASE("json format is a stable object with findings, positions, help, fix and errors") {
        TempDir dir;
        const auto file = dir.write("m.sql", "CREATE INDEX idx_é ON users (a);\n").string();
        const auto run = run_cli({"--format", "json", "--ignore", k_no_timeout_rule, file, (dir.path() / "gone.sql").string()});
        CHECK(run.exit_code == 2);
        const auto json = nlohmann::json::parse(run.out);
        CHECK(json["version"] == 1);
        CHECK(json["files_checked"] == 1);
        REQUIRE(json["findings"].size() == 1);
        const auto& finding = json["findings"][0];
        CHECK(finding["rule"] == "non-concurrent-index");
        CHECK(finding["severity"] == "warning");
        CHECK(finding["path"] == file);
        CHECK(finding["start"]["line"] == 1);
        CHECK(finding["start"]["column"] == 1);
        CHECK(finding["end"]["column"] == 32);  // code points: é counts once
        CHECK(finding["fix"]["edits"][0]["replacement"] == " CONCURRENTLY");
        CHECK(finding["fix"]["edits"][0]["start"]["column"] == 13);
        REQUIRE(json["errors"].size() == 1);
        CHECK(json["errors"][0]["message"] == "no such file or directory");
    }

    TEST_CASE("--stdin-filename lints standard input under that name") {
        const auto run = run_cli({"--stdin-filename", "db/0007_x.sql", "--format", "json", "--ignore", k_no_timeout_rule}, k_unsafe);
        CHECK(run.exit_code == 1);
        const auto json = nlohmann::json::parse(run.out);
        REQUIRE(json["findings"].size() == 1);
        CHECK(json["findings"][0]["path"] == "db/0007_x.sql");
    }

    TEST_CASE("--assume-in-transaction and explicit BEGIN decide the transaction state the rules see") {
        TempDir dir;
        const auto bare = dir.write("bare.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n").string();
        const auto wrapped =
            dir.write("wrapped.sql", "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n").string();
        const std::vector<std::string> only = {"--select", "concurrent-index-in-transaction"};
        auto with = [&](std::vector<std::string> args) {
            args.insert(args.begin(), only.begin(), only.end());
            return run_cli(args);
        };
        CHECK(with({bare}).exit_code == 0);
        const auto assumed = with({"--assume-in-transaction", bare});
        CHECK(assumed.exit_code == 1);
        CHECK(assumed.out.find("concurrent-index-in-transaction") != std::string::npos);
        CHECK(with({wrapped}).exit_code == 1);
    }

    TEST_CASE("miglint rules lists every rule with severity and summary, in text, markdown and json") {
        const auto text = run_cli({"rules"});
        CHECK(text.exit_code == 0);
        CHECK(text.out.find("non-concurrent-index") != std::string::npos);
        CHECK(text.out.find("syntax-error") != std::string::npos);
        const auto markdown = run_cli({"rules", "--format", "markdown"});
        CHECK(markdown.out.find("| Rule | Severity |") == 0);
        const auto json = nlohmann::json::parse(run_cli({"rules", "--format", "json"}).out);
        CHECK(json.size() >= 2);
    }

    TEST_CASE("inline suppressions hide a finding on the line or the line after") {
        TempDir dir;
        const auto file = dir.write("m.sql",
                                    "CREATE INDEX a ON t (a); -- miglint: ignore non-concurrent-index\n"
                                    "-- miglint: ignore non-concurrent-index\n"
                                    "CREATE INDEX b ON t (b);\n"
                                    "CREATE INDEX c ON t (c); -- miglint: ignore other-rule\n")
                              .string();
        const auto run = run_cli({"--format", "json", "--ignore", k_no_timeout_rule, file});
        const auto json = nlohmann::json::parse(run.out);
        REQUIRE(json["findings"].size() == 1);
        CHECK(json["findings"][0]["start"]["line"] == 4);
    }
}

TEST_SUITE("cli") {
    TEST_CASE("--pg-version takes a minor version and compares it numerically (14.3 < 14.4 < 14.10)") {
        TempDir dir;
        const auto file = dir.write("concurrent.sql", k_safe).string();
        const auto on_14_3 = run_cli({"--color", "never", "--pg-version", "14.3", file});
        CHECK(on_14_3.exit_code == 1);
        CHECK(on_14_3.out.find("error[concurrent-index-pg14-bug]") != std::string::npos);
        CHECK(run_cli({"--pg-version", "14", file}).exit_code == 1);  // 14 is 14.0
        CHECK(run_cli({"--pg-version", "14.4", file}).exit_code == 0);
        CHECK(run_cli({"--pg-version", "14.10", file}).exit_code == 0);
        CHECK(run_cli({"--pg-version", "13.9", file}).exit_code == 0);
    }

    TEST_CASE("--pg-version and pg-version accept 10 to 18 only, naming the range") {
        TempDir dir;
        const auto file = dir.write("safe.sql", k_safe).string();
        for (const char* bad : {"9.6", "19", "0"}) {
            const auto run = run_cli({"--pg-version", bad, file});
            CHECK(run.exit_code == 2);
            CHECK(run.err.find("give 10 to 18") != std::string::npos);
        }
        CHECK(run_cli({"--pg-version", "10", file}).exit_code == 0);
        CHECK(run_cli({"--pg-version", "18.1", file}).exit_code == 0);
        dir.write("miglint.toml", "pg-version = 19\n");
        const auto from_config = run_cli({"--config", (dir.path() / "miglint.toml").string(), file});
        CHECK(from_config.exit_code == 2);
        CHECK(from_config.err.find("miglint.toml:1:") != std::string::npos);
    }

    TEST_CASE("requires-newer-postgres says where the version came from") {
        TempDir dir;
        const auto file = dir.write("0001_x.sql", "ALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a NOT VALID;\n").string();
        const auto by_default = run_cli({"--color", "never", "--select", "requires-newer-postgres", file});
        CHECK(by_default.exit_code == 1);
        CHECK(by_default.out.find("needs PostgreSQL 18: PostgreSQL 15 (miglint's default") != std::string::npos);
        const auto on_16 = run_cli({"--color", "never", "--select", "requires-newer-postgres", "--pg-version", "16", file});
        CHECK(on_16.out.find("PostgreSQL 16, the --pg-version given, rejects it") != std::string::npos);
        CHECK(run_cli({"--select", "requires-newer-postgres", "--pg-version", "18", file}).exit_code == 0);
    }
}

// The count per rule that ends the text report, and `--statistics`.
#include "report/report.hpp"
#include "report/rule_statistics.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using miglint::LintOutput;
using miglint::Severity;
using miglint::testing::make_finding;
using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

// Findings of three rules on the lines of one file: c-rule 3 times (info),
// a-rule twice as an error and once as a warning, b-rule twice.
LintOutput three_rules() {
    const auto source = std::make_shared<const miglint::SourceText>("db/m.sql", "SELECT 1;\nSELECT 2;\nSELECT 3;\n");
    LintOutput output;
    output.files_linted = 1;
    const std::vector<std::pair<std::string, Severity>> reported{
        {"c-rule", Severity::info}, {"b-rule", Severity::warning}, {"a-rule", Severity::warning},
        {"c-rule", Severity::info}, {"a-rule", Severity::error},   {"b-rule", Severity::warning},
        {"c-rule", Severity::info}, {"a-rule", Severity::error}};
    for (std::uint32_t i = 0; i < reported.size(); ++i) {
        const auto& [rule, severity] = reported[i];
        output.findings.push_back(
            make_finding(source, rule, severity, "finding " + std::to_string(i), {(i % 3) * 10, (i % 3) * 10 + 8}));
    }
    miglint::sort_findings(output.findings);
    return output;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("rule_statistics: one row per rule and severity, most findings first, then by id") {
        const auto output = three_rules();
        const auto rows = miglint::report::rule_statistics(miglint::report::visible_findings(output, false));
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].rule == "c-rule");
        CHECK(rows[0].count == 3);
        CHECK(rows[1].rule == "a-rule");
        CHECK(rows[1].severity == Severity::error);
        CHECK(rows[1].count == 2);
        CHECK(rows[2].rule == "b-rule");
        CHECK(rows[2].count == 2);
        CHECK(rows[3].rule == "a-rule");
        CHECK(rows[3].severity == Severity::warning);
        CHECK(rows[3].count == 1);
    }

    TEST_CASE("text: the count per rule follows the findings and precedes the summary line") {
        const auto text = miglint::report::render_text(three_rules(), {});
        const std::string table =
            "rule    severity  count\n"
            "c-rule  info          3\n"
            "a-rule  error         2\n"
            "b-rule  warning       2\n"
            "a-rule  warning       1\n"
            "1 file checked, 8 findings (2 error, 3 warning, 3 info)\n";
        REQUIRE(text.size() > table.size());
        CHECK(text.ends_with("\n\n" + table));
        CHECK(text.find("finding 7") < text.find("rule    severity"));
    }

    TEST_CASE("text: --statistics (statistics_only) prints the table and the summary, no finding") {
        miglint::report::ReportOptions options;
        options.statistics_only = true;
        const auto text = miglint::report::render_text(three_rules(), options);
        CHECK(text.starts_with("rule    severity  count\nc-rule  info          3\n"));
        CHECK(text.find("] finding ") == std::string::npos);
        CHECK(text.find("db/m.sql") == std::string::npos);
        CHECK(text.ends_with("a-rule  warning       1\n1 file checked, 8 findings (2 error, 3 warning, 3 info)\n"));
    }

    TEST_CASE("text: no findings, no table") {
        LintOutput output;
        output.files_linted = 2;
        CHECK(miglint::report::render_text(output, {}) == "2 files checked, 0 findings (0 error, 0 warning, 0 info)\n");
    }

    TEST_CASE("--statistics on the command line: no finding lines, the same exit code; other formats refuse it") {
        TempDir dir;
        dir.write("db/0001_a.sql", "CREATE INDEX a ON users (a);\nCREATE INDEX b ON users (b);\n");
        dir.write("db/0002_b.sql", "ALTER TABLE users DROP COLUMN c;\n");
        const auto db = (dir.path() / "db").string();
        const auto full = run_cli({"--no-config", "--select", "non-concurrent-index,drop-column", db});
        const auto statistics =
            run_cli({"--no-config", "--select", "non-concurrent-index,drop-column", "--statistics", db});
        CHECK(statistics.exit_code == 1);
        CHECK(statistics.exit_code == full.exit_code);
        CHECK(statistics.out ==
              "rule                  severity  count\n"
              "non-concurrent-index  warning       2\n"
              "drop-column           warning       1\n"
              "2 files checked, 3 findings (0 error, 3 warning, 0 info)\n");
        // The full report ends with the same table and summary, after the findings.
        CHECK(full.out.find("0001_a.sql:1:1:") != std::string::npos);
        CHECK(full.out.ends_with("\n\n" + statistics.out));
        const auto json = run_cli({"--no-config", "--statistics", "--format", "json", db});
        CHECK(json.exit_code == 2);
        CHECK(json.err.find("--statistics") != std::string::npos);
        CHECK(json.out.empty());
    }
}

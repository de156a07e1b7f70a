// The Markdown report for pull request comments and job summaries.
#include "report/markdown_text.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using miglint::LintOutput;
using miglint::Severity;
using miglint::testing::make_finding;

namespace {

std::size_t count_of(const std::string& text, const std::string& piece) {
    std::size_t count = 0;
    for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++count;
    return count;
}

std::string link(const std::string& rule) {
    return "[`" + rule + "`](" + miglint::report::rule_doc_url(rule) + ")";
}

// Two rules in a SQL file (the warning on the first line, the error on the
// second) and a note in a Python file whose name holds HTML.
LintOutput two_files() {
    const auto sql = std::make_shared<const miglint::SourceText>(
        "db/m.sql", "CREATE INDEX i ON t (a);\nALTER TABLE t DROP COLUMN c;\n");
    const auto python = std::make_shared<const miglint::SourceText>("db/<b>&.py", "op.drop_table('t')\n");
    LintOutput output;
    output.files_linted = 2;
    output.findings.push_back(make_finding(sql, "non-concurrent-index", Severity::warning, "index a | b takes `SHARE`",
                                           {0, 24}, "build it concurrently:\nCREATE INDEX CONCURRENTLY i ON t (a);"));
    output.findings.push_back(make_finding(sql, "drop-column", Severity::error, "dropping `c` breaks old code",
                                           {25, 53}, "stop reading it first"));
    output.findings.push_back(make_finding(python, "drop-table", Severity::info, "dropping `t`", {0, 18},
                                           "drop it in two steps:\nop.rename_table('t', 't_old')"));
    miglint::sort_findings(output.findings);
    return output;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("markdown: totals, the count per rule, a collapsed block per file, errors first") {
        const auto md = miglint::report::render_markdown(two_files(), {});
        CHECK(
            md.starts_with("## miglint: 2 files checked, 3 findings (1 error, 1 warning, 1 info)\n\n"
                           "| rule | severity | findings |\n| :--- | :--- | ---: |\n"));
        CHECK(md.find("| " + link("drop-column") + " | error | 1 |\n") != std::string::npos);
        CHECK(md.find("| " + link("non-concurrent-index") + " | warning | 1 |\n") != std::string::npos);
        CHECK(md.find("| " + link("drop-table") + " | info | 1 |\n") != std::string::npos);
        CHECK(count_of(md, "<details>\n<summary>") == 2);
        CHECK(count_of(md, "</details>\n") == 2);
        CHECK(md.find("<details open") == std::string::npos);
        const auto sql_block = md.find("<summary><code>db/m.sql</code>: 1 error, 1 warning</summary>\n\n");
        const auto python_block = md.find("<summary><code>db/&lt;b&gt;&amp;.py</code>: 1 info</summary>\n\n");
        REQUIRE(sql_block != std::string::npos);
        REQUIRE(python_block != std::string::npos);
        CHECK(sql_block < python_block);  // the file with an error first
        // Within the file the error comes first, though it is on the later line.
        const auto error = md.find("- **error** " + link("drop-column") +
                                   " line 2: dropping \\`c\\` breaks old code\n\n"
                                   "  stop reading it first\n\n");
        const auto warning =
            md.find("- **warning** " + link("non-concurrent-index") +
                    " line 1: index a \\| b takes \\`SHARE\\`\n\n"
                    "  build it concurrently:\n  ```sql\n  CREATE INDEX CONCURRENTLY i ON t (a);\n  ```\n");
        REQUIRE(error != std::string::npos);
        REQUIRE(warning != std::string::npos);
        CHECK(sql_block < error);
        CHECK(error < warning);
        CHECK(warning < python_block);
        CHECK(md.find("  ```python\n  op.rename_table('t', 't_old')\n  ```\n") > python_block);
        CHECK(md.find("Not shown") == std::string::npos);
    }

    TEST_CASE("markdown: graph findings in files outside the change come after the change's own, marked") {
        auto output = two_files();
        const auto old = std::make_shared<const miglint::SourceText>("db/0001_old.py", "down_revision = None\n");
        auto heads = make_finding(old, "multiple-heads", Severity::error, "two heads", {0, 20});
        heads.outside_scope = true;
        output.findings.push_back(heads);
        miglint::sort_findings(output.findings);
        const auto md = miglint::report::render_markdown(output, {});
        const auto old_block = md.find("<summary><code>db/0001_old.py</code>: 1 error</summary>");
        REQUIRE(old_block != std::string::npos);
        CHECK(md.find("<summary><code>db/m.sql</code>") < old_block);
        CHECK(md.find("<summary><code>db/&lt;b&gt;&amp;.py</code>") < old_block);  // an info of the change's own too
        CHECK(md.find("line 1: two heads *(a file outside the change: the revision graph is judged whole)*\n") >
              old_block);
        CHECK(md.find("outside the change") > old_block);
    }

    TEST_CASE("markdown: no findings is the heading alone") {
        LintOutput output;
        output.files_linted = 1;
        CHECK(miglint::report::render_markdown(output, {}) ==
              "## miglint: 1 file checked, 0 findings (0 error, 0 warning, 0 info)\n\n");
    }

    TEST_CASE("markdown: text from files is escaped for inline Markdown, HTML and code fences") {
        using miglint::report::fenced_code;
        using miglint::report::html_text;
        using miglint::report::markdown_inline;
        CHECK(markdown_inline("a | b `c` <d> *e* _f_ [g](h) ~i~ &amp; $x$ \\") ==
              "a \\| b \\`c\\` \\<d\\> \\*e\\* \\_f\\_ \\[g\\](h) \\~i\\~ \\&amp; \\$x\\$ \\\\");
        CHECK(markdown_inline("line\nbreak\x1b[31m") == "line\\\\nbreak\\\\x1B\\[31m");
        CHECK(markdown_inline("# not a heading") == "\\# not a heading");
        CHECK(markdown_inline("- not a list") == "\\- not a list");
        CHECK(markdown_inline("12. not a list") == "12\\. not a list");
        CHECK(markdown_inline("12 items") == "12 items");
        CHECK(html_text("<a href=\"x\">&\t") == "&lt;a href=&quot;x&quot;&gt;&amp;\\t");
        CHECK(fenced_code("a\nb", "sql", "  ") == "  ```sql\n  a\n  b\n  ```\n");
        // A run of backticks in the code cannot close the fence.
        CHECK(fenced_code("x = ````", "", "") == "`````\nx = ````\n`````\n");
    }

    TEST_CASE("markdown: past the size cap the details stop, say how many were left out, and the totals stay whole") {
        std::string text;
        for (int line = 0; line < 100; ++line) text += "CREATE INDEX i" + std::to_string(line) + " ON t (a);\n";
        LintOutput output;
        constexpr std::size_t k_files = 30;
        constexpr std::size_t k_per_file = 100;
        output.files_linted = k_files;
        for (std::size_t file = 0; file < k_files; ++file) {
            const auto source =
                std::make_shared<const miglint::SourceText>("db/" + std::to_string(1000 + file) + "_m.sql", text);
            for (std::uint32_t i = 0; i < k_per_file; ++i) {
                const std::uint32_t begin =
                    static_cast<std::uint32_t>(text.find("CREATE INDEX i" + std::to_string(i) + " "));
                output.findings.push_back(
                    make_finding(source, i % 2 == 0 ? "rule-even" : "rule-odd", Severity::warning,
                                 "creating index `i" + std::to_string(i) + "` takes a SHARE lock on `t`",
                                 {begin, begin + 10}, "build it concurrently:\nCREATE INDEX CONCURRENTLY ..."));
            }
        }
        miglint::sort_findings(output.findings);
        const auto md = miglint::report::render_markdown(output, {});
        CHECK(md.size() <= 60'000);
        CHECK(md.size() > 50'000);  // the cap is used, not left empty
        const auto shown = count_of(md, "\n- **warning** ");
        REQUIRE(shown > 0);
        REQUIRE(shown < k_files * k_per_file);
        CHECK(md.ends_with(
            "**Not shown: " + std::to_string(k_files * k_per_file - shown) +
            " findings**, to keep this report within GitHub's size limit; `miglint --format text` lists them all.\n"));
        CHECK(md.starts_with("## miglint: 30 files checked, 3000 findings (0 error, 3000 warning, 0 info)\n\n"));
        CHECK(md.find("| " + link("rule-even") + " | warning | 1500 |\n") != std::string::npos);
        CHECK(md.find("| " + link("rule-odd") + " | warning | 1500 |\n") != std::string::npos);
        CHECK(count_of(md, "<details>") == count_of(md, "</details>"));
        // The block cut short says so in its summary.
        CHECK(md.find(" not shown)</summary>") != std::string::npos);
        // A larger cap (a job summary's) shows them all.
        miglint::report::ReportOptions options;
        options.markdown_max_bytes = 1'000'000;
        const auto whole = miglint::report::render_markdown(output, options);
        CHECK(count_of(whole, "\n- **warning** ") == k_files * k_per_file);
        CHECK(whole.find("Not shown") == std::string::npos);
    }
}

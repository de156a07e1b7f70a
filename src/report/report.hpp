// Reporters: findings → the bytes a user or a tool reads.
#pragma once

#include <miglint/lint_output.hpp>
#include <miglint/rule.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::report {

// Where the rule pages are read from at run time: the source tree's docs/rules.
std::string default_docs_dir();

struct ReportOptions {
    bool color = false;
    bool include_suppressed = false;  // SARIF, JSON: keep inline-ignored findings, marked
    bool statistics_only = false;  // text: the count per rule and the summary line, no findings (--statistics)
    unsigned jobs = 1;  // text: threads that format findings (0: one per core); the bytes are the same for any count
    // SARIF: the rules described in `tool.driver.rules`; empty means every rule.
    // A rule some finding names is added when missing, so a `ruleIndex` always resolves.
    std::vector<const Rule*> rules;
    // SARIF: the directory of `<id>.md` rule pages; empty or absent: summaries only.
    std::string docs_dir = default_docs_dir();
    // SARIF, GitLab: paths are written relative to this directory; empty: the current one.
    std::string base_dir;
    // SARIF: GitHub code scanning takes at most this many results per run.
    std::size_t max_results = 25'000;
    // Markdown: the details stop before the report passes this many bytes (a
    // GitHub comment holds 65,536 characters; a job summary 1 MiB).
    std::size_t markdown_max_bytes = 60'000;
};

// The names `--format` accepts, in the order `--help` lists them.
std::vector<std::string_view> format_names();

// Writes `output` in `format` to `out` as it goes, so the report of a long
// history is never held whole in memory; false when the format is unknown.
bool write(std::string_view format, const LintOutput& output, const ReportOptions& options, std::ostream& out);
// The same report as a string; empty when the format is unknown.
std::optional<std::string> render(std::string_view format, const LintOutput& output, const ReportOptions& options);

void write_text(const LintOutput& output, const ReportOptions& options, std::ostream& out);
void write_json(const LintOutput& output, const ReportOptions& options, std::ostream& out);
// SARIF 2.1.0 for GitHub code scanning; byte-identical for identical input.
void write_sarif(const LintOutput& output, const ReportOptions& options, std::ostream& out);
// GitHub Actions workflow commands (`::error file=...::message`), most severe first.
void write_github(const LintOutput& output, const ReportOptions& options, std::ostream& out);
// GitLab code quality: a JSON array of issues.
void write_gitlab(const LintOutput& output, const ReportOptions& options, std::ostream& out);
// Markdown for a pull request comment or a job summary: totals, the count per
// rule, and each file's findings in a collapsed block, cut to fit
// `options.markdown_max_bytes` with a note counting what was left out.
void write_markdown(const LintOutput& output, const ReportOptions& options, std::ostream& out);

// One format as a string (tests).
std::string render_text(const LintOutput& output, const ReportOptions& options);
std::string render_json(const LintOutput& output, const ReportOptions& options);
std::string render_sarif(const LintOutput& output, const ReportOptions& options);
std::string render_github(const LintOutput& output, const ReportOptions& options);
std::string render_gitlab(const LintOutput& output, const ReportOptions& options);
std::string render_markdown(const LintOutput& output, const ReportOptions& options);

// The findings a reporter shows: suppressed ones only when asked.
std::vector<const Finding*> visible_findings(const LintOutput& output, bool include_suppressed);

// "3 files checked, 2 findings (1 error, 1 warning, 0 info)", then the file
// errors and the files checked for the revision graph only, when there are
// any: the summary every format ends with, counting `findings` (those shown).
std::string run_summary(const LintOutput& output, const std::vector<const Finding*>& findings);

// ", 3 SQLite revisions checked for the revision graph only" for the
// summary line; empty when every file was checked as PostgreSQL.
std::string graph_only_summary(const LintOutput& output);

// The rule's page online (SARIF helpUri, LSP codeDescription).
std::string rule_doc_url(std::string_view id);

// The page `docs_dir/<id>.md`, or empty when it cannot be read.
std::optional<std::string> rule_doc(const std::string& docs_dir, std::string_view id);

}  // namespace miglint::report

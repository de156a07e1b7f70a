// Markdown for a pull request comment or a GitHub job summary: the totals as
// a heading, the count per rule as a table, then one collapsed <details>
// block per file holding each finding's rule (linked to its page), line,
// message and safe way. Files and findings come in the order the GitHub
// format uses: the change's own first, the most severe first.
//
// A GitHub comment holds at most 65,536 characters and one that is longer is
// refused whole, so the details stop before the report passes
// `markdown_max_bytes` (bytes, never fewer than characters) and say how many
// findings were left out; the heading and the table always stay whole.
#include "markdown_text.hpp"
#include "report.hpp"
#include "report_util.hpp"
#include "rule_statistics.hpp"

#include <miglint/printable.hpp>

#include <map>

namespace miglint::report {
namespace {

// Room kept for closing the last block and for the note saying what was left out.
constexpr std::size_t k_closing_reserve = 512;

struct FileFindings {
    std::string display_path;
    std::vector<const Finding*> findings;
};

// The files in the order of their first finding in `order`, each with its findings in that order.
std::vector<FileFindings> group_by_file(const std::vector<const Finding*>& findings,
                                        const std::vector<std::size_t>& order, const ReportOptions& options) {
    std::vector<FileFindings> files;
    std::map<std::string_view, std::size_t> index_of;
    for (const auto i : order) {
        const auto& path = findings[i]->path();
        const auto [at, added] = index_of.try_emplace(path, files.size());
        if (added) files.push_back({relative_path(path, options.base_dir).value_or(path), {}});
        files[at->second].findings.push_back(findings[i]);
    }
    return files;
}

std::string_view code_language(std::string_view path) {
    if (path.ends_with(".py")) return "python";
    if (path.ends_with(".sql")) return "sql";
    return "";
}

std::string rule_link(std::string_view rule) {
    return "[`" + std::string(rule) + "`](" + rule_doc_url(rule) + ")";
}

// "1 error, 2 warnings": the severities present, most severe first.
std::string severity_counts(const std::vector<const Finding*>& findings) {
    std::size_t counts[3] = {0, 0, 0};
    for (const auto* finding : findings) ++counts[static_cast<int>(finding->severity)];
    std::string out;
    for (int severity = 2; severity >= 0; --severity) {
        const auto count = counts[severity];
        if (count == 0) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(count) + " " + std::string(severity_name(static_cast<Severity>(severity)));
        if (count > 1 && severity != static_cast<int>(Severity::info)) out += "s";
    }
    return out;
}

void append_statistics_table(std::string& out, const std::vector<const Finding*>& findings) {
    const auto rows = rule_statistics(findings);
    if (rows.empty()) return;
    out += "| rule | severity | findings |\n| :--- | :--- | ---: |\n";
    for (const auto& row : rows) {
        out += "| " + rule_link(row.rule) + " | " + std::string(severity_name(row.severity)) + " | " +
               std::to_string(row.count) + " |\n";
    }
    out += "\n";
}

// A list item: severity, linked rule, line and message; then the help's first
// line as text and the lines after it (the statements to run) as code.
std::string finding_item(const Finding& finding) {
    std::string out = "- **" + std::string(severity_name(finding.severity)) + "** " + rule_link(finding.rule) +
                      " line " + std::to_string(finding.start().line) + ": " + markdown_inline(finding.message);
    // Listed last, but a reviewer should still know why a file the change leaves alone appears.
    if (finding.outside_scope) out += " *(a file outside the change: the revision graph is judged whole)*";
    out += "\n";
    if (finding.help.empty()) return out;
    const std::string_view help = finding.help;
    const auto first_end = std::min(help.find('\n'), help.size());
    out += "\n  " + markdown_inline(help.substr(0, first_end)) + "\n";
    if (first_end < help.size()) {
        out += fenced_code(escape_controls(help.substr(first_end + 1), "\n"), code_language(finding.path()), "  ");
    }
    return out + "\n";
}

std::string details_open(const FileFindings& file, std::size_t shown) {
    std::string out =
        "<details>\n<summary><code>" + html_text(file.display_path) + "</code>: " + severity_counts(file.findings);
    if (shown < file.findings.size()) out += " (" + std::to_string(file.findings.size() - shown) + " not shown)";
    return out + "</summary>\n\n";
}

}  // namespace

void write_markdown(const LintOutput& output, const ReportOptions& options, std::ostream& stream) {
    const auto findings = visible_findings(output, false);
    std::string out = "## miglint: " + run_summary(output, findings) + "\n\n";
    append_statistics_table(out, findings);
    const auto fits = [&](std::size_t more) {
        return out.size() + more + k_closing_reserve <= options.markdown_max_bytes;
    };

    std::size_t errors_shown = 0;
    for (const auto& error : output.errors) {
        auto item = "- **file error** " + markdown_inline(error.display()) + "\n";
        if (!fits(item.size())) break;
        out += item;
        ++errors_shown;
    }
    if (errors_shown > 0) out += "\n";

    std::size_t shown = 0;
    for (const auto& file : group_by_file(findings, own_findings_first(findings), options)) {
        if (errors_shown < output.errors.size()) break;
        std::string items;
        std::size_t in_file = 0;
        for (const auto* finding : file.findings) {
            auto item = finding_item(*finding);
            if (!fits(details_open(file, in_file + 1).size() + items.size() + item.size())) break;
            items += item;
            ++in_file;
        }
        if (in_file == 0) break;
        out += details_open(file, in_file) + items + "</details>\n\n";
        shown += in_file;
        if (in_file < file.findings.size()) break;
    }
    const auto findings_left_out = findings.size() - shown;
    const auto errors_left_out = output.errors.size() - errors_shown;
    if (findings_left_out + errors_left_out > 0) {
        out += "**Not shown: ";
        if (findings_left_out > 0)
            out += std::to_string(findings_left_out) + (findings_left_out == 1 ? " finding" : " findings");
        if (findings_left_out > 0 && errors_left_out > 0) out += " and ";
        if (errors_left_out > 0) out += std::to_string(errors_left_out) + " file error(s)";
        out += "**, to keep this report within GitHub's size limit; `miglint --format text` lists them all.\n";
    }
    stream << out;
}

}  // namespace miglint::report

// GitLab code quality: a JSON array of issues, each with a fingerprint that
// stays the same while the flagged line's text does (GitLab matches issues
// between the base and the merge request by it).
#include "report/report.hpp"
#include "report/report_util.hpp"

#include <nlohmann/json.hpp>

namespace miglint::report {
namespace {

std::string_view gitlab_severity(Severity severity) {
    switch (severity) {
        case Severity::error: return "major";
        case Severity::warning: return "minor";
        case Severity::info: return "info";
    }
    return "minor";
}

}  // namespace

void write_gitlab(const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    using Json = nlohmann::ordered_json;
    const auto findings = visible_findings(output, false);
    const auto occurrences = line_occurrences(output.findings, findings);
    Json issues = Json::array();
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& finding = *findings[i];
        const auto path = relative_path(finding.path(), options.base_dir).value_or(finding.path());
        std::string key = path;
        key += '\n';
        key += finding.rule;
        key += '\n';
        key += normalized_line(finding);
        key += '\n';
        key += std::to_string(occurrences[i]);
        // Two differently seeded hashes: 128 bits, the width of the MD5 GitLab's own tools use.
        const auto fingerprint = hex64(fnv1a(key)) + hex64(fnv1a(key, 0x84222325cbf29ce4ULL));
        Json issue;
        issue["description"] = finding.message;
        issue["check_name"] = finding.rule;
        issue["fingerprint"] = fingerprint;
        issue["severity"] = gitlab_severity(finding.severity);
        issue["location"] = {{"path", path}, {"lines", {{"begin", finding.start().line}}}};
        issues.push_back(std::move(issue));
    }
    write_json_document(issues, out);
}

}  // namespace miglint::report

// GitLab code quality: a JSON array of issues, each with a fingerprint that
// stays the same while the flagged line's text does (GitLab matches issues
// between the base and the merge request by it).
#include "json_stream.hpp"
#include "report.hpp"
#include "report_util.hpp"

namespace miglint::report {
namespace {

std::string_view gitlab_severity(Severity severity) {
    switch (severity) {
        case Severity::error: return "major";
        case Severity::warning:
            return "minor";
        case Severity::info: return "info";
    }
    return "minor";
}

}  // namespace

void write_gitlab(const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    const auto findings = visible_findings(output, false);
    const auto occurrences = line_occurrences(output.findings, findings);
    JsonStream json(out);
    json.begin_array();
    // Findings come file by file: each file's relative path is worked out once.
    const std::string* last_path = nullptr;
    std::string path;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& finding = *findings[i];
        if (last_path == nullptr || *last_path != finding.path()) {
            last_path = &finding.path();
            path = relative_path(finding.path(), options.base_dir).value_or(finding.path());
        }
        std::string key = path;
        key += '\n';
        key += finding.rule;
        key += '\n';
        key += normalized_line(finding);
        key += '\n';
        key += std::to_string(occurrences[i]);
        json.begin_object();
        json.member("description", finding.message);
        json.member("check_name", finding.rule);
        // Two differently seeded hashes: 128 bits, the width of the MD5 GitLab's own tools use.
        json.member("fingerprint", hex64(fnv1a(key)) + hex64(fnv1a(key, 0x84222325cbf29ce4ULL)));
        json.member("severity", gitlab_severity(finding.severity));
        json.key("location");
        json.begin_object();
        json.member("path", path);
        json.key("lines");
        json.begin_object();
        json.member("begin", finding.start().line);
        json.end_object();
        json.end_object();
        json.end_object();
    }
    json.end_array();
    json.finish();
}

}  // namespace miglint::report

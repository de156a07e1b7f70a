#include <miglint/finding.hpp>

#include <algorithm>
#include <tuple>

namespace miglint {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "info") return Severity::info;
    if (text == "warning") return Severity::warning;
    if (text == "error") return Severity::error;
    return std::nullopt;
}

void sort_findings(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        // One source, one path: most comparisons are within a file and need not compare paths.
        if (a.source != b.source && a.path() != b.path()) return a.path() < b.path();
        return std::tie(a.span.begin, a.rule, a.span.end, a.message) < std::tie(b.span.begin, b.rule, b.span.end, b.message);
    });
}

}  // namespace miglint

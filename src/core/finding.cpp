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
        return std::tie(a.path(), a.span.begin, a.rule, a.span.end, a.message) <
               std::tie(b.path(), b.span.begin, b.rule, b.span.end, b.message);
    });
}

}  // namespace miglint

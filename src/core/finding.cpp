#include <miglint/finding.hpp>

#include <algorithm>
#include <numeric>
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

namespace {

bool reported_before(const Finding& a, const Finding& b) {
    // One source, one path: most comparisons are within a file and need not compare paths.
    if (a.source != b.source && a.path() != b.path()) return a.path() < b.path();
    return std::tie(a.span.begin, a.rule, a.span.end, a.message) < std::tie(b.span.begin, b.rule, b.span.end, b.message);
}

}  // namespace

void sort_findings(std::vector<Finding>& findings) {
    if (std::is_sorted(findings.begin(), findings.end(), reported_before)) return;
    // Sorting positions moves each finding once, not once per merge pass.
    std::vector<std::size_t> order(findings.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return reported_before(findings[a], findings[b]); });
    std::vector<Finding> sorted;
    sorted.reserve(findings.size());
    for (const auto i : order) sorted.push_back(std::move(findings[i]));
    findings = std::move(sorted);
}

}  // namespace miglint

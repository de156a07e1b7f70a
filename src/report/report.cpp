#include "report/report.hpp"

namespace miglint::report {

std::vector<std::string_view> format_names() { return {"text", "json"}; }

std::optional<std::string> render(std::string_view format, const LintOutput& output, const ReportOptions& options) {
    if (format == "text") return render_text(output, options);
    if (format == "json") return render_json(output, options);
    return std::nullopt;
}

std::vector<const Finding*> visible_findings(const LintOutput& output, bool include_suppressed) {
    std::vector<const Finding*> out;
    for (const auto& finding : output.findings) {
        if (!finding.suppressed || include_suppressed) out.push_back(&finding);
    }
    return out;
}

}  // namespace miglint::report

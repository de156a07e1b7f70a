#include "report/report.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace miglint::report {

std::string default_docs_dir() { return std::string(MIGLINT_SOURCE_DIR) + "/docs/rules"; }

std::string rule_doc_url(std::string_view id) {
    return "https://github.com/miglint/miglint/blob/main/docs/rules/" + std::string(id) + ".md";
}

std::vector<std::string_view> format_names() { return {"text", "json", "sarif", "github", "gitlab"}; }

std::optional<std::string> render(std::string_view format, const LintOutput& output, const ReportOptions& options) {
    if (format == "text") return render_text(output, options);
    if (format == "json") return render_json(output, options);
    if (format == "sarif") return render_sarif(output, options);
    if (format == "github") return render_github(output, options);
    if (format == "gitlab") return render_gitlab(output, options);
    return std::nullopt;
}

std::vector<const Finding*> visible_findings(const LintOutput& output, bool include_suppressed) {
    std::vector<const Finding*> out;
    for (const auto& finding : output.findings) {
        if (!finding.suppressed || include_suppressed) out.push_back(&finding);
    }
    return out;
}

std::optional<std::string> rule_doc(const std::string& docs_dir, std::string_view id) {
    if (docs_dir.empty()) return std::nullopt;
    const auto path = std::filesystem::path(docs_dir) / (std::string(id) + ".md");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in && !in.eof()) return std::nullopt;
    return buffer.str();
}

}  // namespace miglint::report

#include "report.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace miglint::report {

std::string default_docs_dir() {
    // An installed binary (cmake --install, a wheel) finds the pages beside it in share/miglint/rules;
    // a binary in the build tree reads the source tree's.
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "miglint" / "rules";
        if (std::filesystem::is_directory(installed, ec)) return installed.string();
    }
    return std::string(MIGLINT_SOURCE_DIR) + "/docs/rules";
}

std::string rule_doc_url(std::string_view id) {
    return "https://github.com/miglint/miglint/blob/main/docs/rules/" + std::string(id) + ".md";
}

std::vector<std::string_view> format_names() { return {"text", "json", "sarif", "github", "gitlab", "markdown"}; }

bool write(std::string_view format, const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    if (format == "text") {
        write_text(output, options, out);
    } else if (format == "json") {
        write_json(output, options, out);
    } else if (format == "sarif") {
        write_sarif(output, options, out);
    } else if (format == "github") {
        write_github(output, options, out);
    } else if (format == "gitlab") {
        write_gitlab(output, options, out);
    } else if (format == "markdown") {
        write_markdown(output, options, out);
    } else {
        return false;
    }
    return true;
}

std::optional<std::string> render(std::string_view format, const LintOutput& output, const ReportOptions& options) {
    std::ostringstream out;
    if (!write(format, output, options, out)) return std::nullopt;
    return std::move(out).str();
}

std::string render_text(const LintOutput& output, const ReportOptions& options) { return *render("text", output, options); }
std::string render_json(const LintOutput& output, const ReportOptions& options) { return *render("json", output, options); }
std::string render_sarif(const LintOutput& output, const ReportOptions& options) { return *render("sarif", output, options); }
std::string render_github(const LintOutput& output, const ReportOptions& options) { return *render("github", output, options); }
std::string render_gitlab(const LintOutput& output, const ReportOptions& options) { return *render("gitlab", output, options); }
std::string render_markdown(const LintOutput& output, const ReportOptions& options) { return *render("markdown", output, options); }

std::string run_summary(const LintOutput& output, const std::vector<const Finding*>& findings) {
    std::size_t counts[3] = {0, 0, 0};
    for (const auto* finding : findings) ++counts[static_cast<int>(finding->severity)];
    const auto total = findings.size();
    std::string out = std::to_string(output.files_linted) + (output.files_linted == 1 ? " file" : " files") + " checked, " +
                      std::to_string(total) + (total == 1 ? " finding" : " findings") + " (" + std::to_string(counts[2]) +
                      " error, " + std::to_string(counts[1]) + " warning, " + std::to_string(counts[0]) + " info)";
    if (!output.errors.empty()) out += ", " + std::to_string(output.errors.size()) + " file error(s)";
    // A scoped run (--diff-base, start-after, files named alone) says what it read without judging.
    if (output.files_for_context > 0) {
        out += ", " + std::to_string(output.files_for_context) +
               (output.files_for_context == 1 ? " file" : " files") + " read for context only";
    }
    return out + graph_only_summary(output);
}

std::string graph_only_summary(const LintOutput& output) {
    std::string out;
    for (const auto& [what, count] : output.graph_only) {
        out += ", " + std::to_string(count) + " " + what + (count == 1 ? "" : "s") +
               " checked for the revision graph only";
    }
    return out;
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

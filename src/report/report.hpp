// Reporters: findings → the bytes a user or a tool reads.
#pragma once

#include <miglint/lint.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::report {

struct ReportOptions {
    bool color = false;
    bool include_suppressed = false;  // SARIF: keep inline-ignored findings, marked
};

// The names `--format` accepts, in the order `--help` lists them.
std::vector<std::string_view> format_names();

// Renders `output` in `format`; empty when the format is unknown.
std::optional<std::string> render(std::string_view format, const LintOutput& output, const ReportOptions& options);

std::string render_text(const LintOutput& output, const ReportOptions& options);
std::string render_json(const LintOutput& output, const ReportOptions& options);

// The findings a reporter shows: suppressed ones only when asked.
std::vector<const Finding*> visible_findings(const LintOutput& output, bool include_suppressed);

}  // namespace miglint::report

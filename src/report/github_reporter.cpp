// GitHub Actions workflow commands: one `::error|warning|notice ...::message`
// annotation per finding, then a plain summary line. GitHub shows only the
// first ten annotations of each severity per step, so the change's own
// findings come first (revision-graph findings in files the run does not
// judge last), and the most severe first within each.
#include "report.hpp"
#include "report_util.hpp"

#include <miglint/printable.hpp>

namespace miglint::report {
namespace {

// The message part of a workflow command.
std::string escape_data(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

// A `key=value` property: data escapes plus the separators ':' and ','.
std::string escape_property(std::string_view text) {
    std::string out;
    for (const char c : escape_data(text)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

std::string_view command_of(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: return "notice";
    }
    return "warning";
}

// Annotations need the path from the repository root, which CI runs in.
// Control characters are escaped: the log shows them raw (ESC drives it).
std::string display_path(const std::string& path, const ReportOptions& options) {
    return escape_controls(relative_path(path, options.base_dir).value_or(path));
}

}  // namespace

void write_github(const LintOutput& output, const ReportOptions& options, std::ostream& stream) {
    std::string out;
    for (const auto& error : output.errors) {
        out += "::error ";
        if (!error.path.empty()) {
            out += "file=" + escape_property(display_path(error.path, options));
            if (error.where) out += ",line=" + std::to_string(error.where->line) + ",col=" + std::to_string(error.where->column);
            out += ",";
        }
        out += "title=miglint::" + escape_data(escape_controls(error.message)) + "\n";
    }
    const auto findings = visible_findings(output, false);
    for (const auto i : own_findings_first(findings)) {
        const auto& finding = *findings[i];
        const auto start = finding.start();
        const auto end = finding.end();
        out += "::" + std::string(command_of(finding.severity)) +
               " file=" + escape_property(display_path(finding.path(), options)) +
               ",line=" + std::to_string(start.line) + ",col=" + std::to_string(start.column) +
               ",endLine=" + std::to_string(end.line) + ",endColumn=" + std::to_string(end.column) +
               ",title=" + escape_property("miglint " + finding.rule) + "::" +
               escape_data(escape_controls(
                   finding.help.empty() ? finding.message : finding.message + "\n" + finding.help, "\r\n")) +
               "\n";
        write_when_full(out, stream);
    }
    out += "miglint: " + run_summary(output, findings) + "\n";
    stream << out;
}

}  // namespace miglint::report

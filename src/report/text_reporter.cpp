// The default human format: `path:line:col: severity[rule] message`, the
// source line with a caret underline, and the safe alternative.
#include "report/report.hpp"
#include "report/report_util.hpp"

#include <algorithm>

namespace miglint::report {
namespace {

struct Palette {
    std::string_view bold, red, yellow, blue, cyan, reset;
};

Palette palette(bool color) {
    if (!color) return {};
    return {"\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[34m", "\x1b[36m", "\x1b[0m"};
}

std::string_view severity_color(Severity severity, const Palette& p) {
    switch (severity) {
        case Severity::error: return p.red;
        case Severity::warning: return p.yellow;
        case Severity::info: return p.blue;
    }
    return {};
}

// Tabs are shown as one space so the caret line stays aligned whatever the tab width.
std::string untab(std::string_view line) {
    std::string out(line);
    std::replace(out.begin(), out.end(), '\t', ' ');
    return out;
}

void code_frame(std::string& out, const Finding& finding, const Palette& p) {
    const auto& source = *finding.source;
    const auto start = finding.start();
    const auto line = source.line_text(start.line);
    const auto number = std::to_string(start.line);
    const std::string gutter(number.size(), ' ');
    out += std::string(p.blue) + gutter + " |" + std::string(p.reset) + "\n";
    out += std::string(p.blue) + number + " |" + std::string(p.reset) + " " + untab(line) + "\n";
    // Underline to the span's end on this line, at least one caret.
    const auto end = finding.end();
    const auto line_width = column_width(line, ColumnUnit::code_points);
    const auto last_column = end.line == start.line ? end.column : line_width + 1;
    const auto width = std::max<std::uint32_t>(1, last_column > start.column ? last_column - start.column : 1);
    out += std::string(p.blue) + gutter + " |" + std::string(p.reset) + " " + std::string(start.column - 1, ' ') +
           std::string(severity_color(finding.severity, p)) + std::string(width, '^') + std::string(p.reset) + "\n";
}

}  // namespace

void write_text(const LintOutput& output, const ReportOptions& options, std::ostream& stream) {
    const auto p = palette(options.color);
    std::string out;
    std::size_t counts[3] = {0, 0, 0};
    for (const auto* finding : visible_findings(output, false)) {
        const auto start = finding->start();
        out += std::string(p.bold) + finding->path() + ":" + std::to_string(start.line) + ":" + std::to_string(start.column) +
               ":" + std::string(p.reset) + " " + std::string(severity_color(finding->severity, p)) +
               std::string(severity_name(finding->severity)) + "[" + finding->rule + "]" + std::string(p.reset) + " " +
               finding->message + "\n";
        code_frame(out, *finding, p);
        if (!finding->help.empty()) {
            std::string help = finding->help;
            // Indent continuation lines under the first.
            for (std::size_t at = help.find('\n'); at != std::string::npos; at = help.find('\n', at + 1)) {
                help.insert(at + 1, "      ");
            }
            out += "  " + std::string(p.cyan) + "help:" + std::string(p.reset) + " " + help + "\n";
        }
        out += "\n";
        ++counts[static_cast<int>(finding->severity)];
        write_when_full(out, stream);
    }
    for (const auto& error : output.errors) out += "error: " + error.display() + "\n";
    const auto total = counts[0] + counts[1] + counts[2];
    out += std::to_string(output.files_linted) + (output.files_linted == 1 ? " file" : " files") + " checked, " +
           std::to_string(total) + (total == 1 ? " finding" : " findings") + " (" + std::to_string(counts[2]) + " error, " +
           std::to_string(counts[1]) + " warning, " + std::to_string(counts[0]) + " info)";
    if (!output.errors.empty()) out += ", " + std::to_string(output.errors.size()) + " file error(s)";
    out += "\n";
    stream << out;
}

}  // namespace miglint::report

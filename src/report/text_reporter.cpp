// The default human format: `path:line:col: severity[rule] message`, the
// source line with a caret underline, and the safe alternative; then the
// count per rule and the summary line.
#include "report.hpp"
#include "report_util.hpp"
#include "rule_statistics.hpp"

#include <miglint/parallel.hpp>
#include <miglint/printable.hpp>

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

// Appends each piece to `out`: a report of many findings is built without a
// temporary string per `+`.
template <class... Pieces>
void append(std::string& out, const Pieces&... pieces) {
    (out.append(pieces), ...);
}

// A code frame shows at most this many columns of its line, from a little
// before the finding: a minified or generated line can be megabytes long.
constexpr std::uint32_t k_frame_columns = 160;
constexpr std::uint32_t k_frame_lead = 40;  // columns shown before the finding's start
constexpr std::string_view k_cut = "...";

// The byte offset of 1-based code point column `column` in `line` (its end when past it).
std::size_t offset_of_column(std::string_view line, std::uint32_t column) {
    std::uint32_t seen = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // inside a character
        if (++seen == column) return i;
    }
    return line.size();
}

// Tabs are shown as one space so the caret line stays aligned whatever the tab
// width; other control characters as `?`, one column too, so the source
// cannot drive the terminal.
void append_source_line(std::string& out, std::string_view line) {
    for (const char c : line) {
        const auto byte = static_cast<unsigned char>(c);
        out += c == '\t' ? ' ' : (byte < 0x20 || byte == 0x7F ? '?' : c);
    }
}

void code_frame(std::string& out, const Finding& finding, const Palette& p) {
    const auto& source = *finding.source;
    const auto start = finding.start();
    const auto line = source.line_text(start.line);
    const auto number = std::to_string(start.line);
    const auto line_width = column_width(line, ColumnUnit::code_points);
    // The window of the line shown: all of it, or k_frame_columns from a little before the start.
    const std::uint32_t first =
        line_width <= k_frame_columns || start.column <= k_frame_lead ? 1 : start.column - k_frame_lead;
    const std::uint32_t last = std::min(line_width, first + k_frame_columns - 1);  // inclusive
    const auto from = offset_of_column(line, first);
    const auto shown = line.substr(from, offset_of_column(line, last + 1) - from);
    const bool cut_before = first > 1;
    const bool cut_after = last < line_width;
    append(out, p.blue);
    out.append(number.size(), ' ');
    append(out, " |", p.reset, "\n", p.blue, number, " |", p.reset, " ");
    if (cut_before) out += k_cut;
    append_source_line(out, shown);
    if (cut_after) out += k_cut;
    out += '\n';
    // Underline to the span's end on this line (or the window's), at least one caret.
    const auto end = finding.end();
    const auto last_column = std::min(end.line == start.line ? end.column : line_width + 1, last + 1);
    const auto width = std::max<std::uint32_t>(1, last_column > start.column ? last_column - start.column : 1);
    append(out, p.blue);
    out.append(number.size(), ' ');
    append(out, " |", p.reset, " ");
    out.append(start.column - first + (cut_before ? k_cut.size() : 0), ' ');
    append(out, severity_color(finding.severity, p));
    out.append(width, '^');
    append(out, p.reset, "\n");
}

void append_finding(std::string& out, const Finding& finding, const Palette& p) {
    const auto start = finding.start();
    append(out, p.bold, escape_controls(finding.path()), ":", std::to_string(start.line), ":",
           std::to_string(start.column), ":", p.reset, " ", severity_color(finding.severity, p),
           severity_name(finding.severity), "[", finding.rule, "]", p.reset, " ", escape_controls(finding.message),
           "\n");
    code_frame(out, finding, p);
    if (!finding.help.empty()) {
        append(out, "  ", p.cyan, "help:", p.reset, " ");
        // Continuation lines are indented under the first.
        const auto escaped_help = escape_controls(finding.help, "\n");
        std::string_view help = escaped_help;
        for (auto at = help.find('\n'); at != std::string_view::npos; at = help.find('\n')) {
            append(out, help.substr(0, at + 1), "      ");
            help.remove_prefix(at + 1);
        }
        append(out, help, "\n");
    }
    out += "\n";
}

// Findings are formatted a batch at a time, the batch cut into one slice per
// thread and the slices written in order: the same bytes for any thread
// count, and never more than a batch of text held at once.
constexpr std::size_t k_batch = 4096;
constexpr std::size_t k_min_slice = 256;  // fewer findings format faster than a thread starts

void write_findings(const std::vector<const Finding*>& findings, const Palette& p, unsigned jobs, std::ostream& stream) {
    if (job_count(jobs) == 1) {
        // One thread streams through a small buffer that stays in cache.
        std::string pending;
        for (const auto* finding : findings) {
            append_finding(pending, *finding, p);
            write_when_full(pending, stream);
        }
        stream << pending;
        return;
    }
    std::vector<std::string> slices;
    for (std::size_t batch = 0; batch < findings.size(); batch += k_batch) {
        const auto count = std::min(k_batch, findings.size() - batch);
        const auto slice_count = std::clamp<std::size_t>(count / k_min_slice, 1, job_count(jobs));
        slices.assign(slice_count, {});
        parallel_for(slice_count, jobs, [&](std::size_t slice) {
            const auto from = batch + count * slice / slice_count;
            const auto to = batch + count * (slice + 1) / slice_count;
            for (auto i = from; i < to; ++i) append_finding(slices[slice], *findings[i], p);
        });
        for (const auto& text : slices) stream << text;
    }
}

// The count per rule as aligned columns, the way a pull request's reader
// sees at a glance which rule the findings come from.
void append_statistics(std::string& out, const std::vector<const Finding*>& findings, const Palette& p) {
    const auto rows = rule_statistics(findings);
    if (rows.empty()) return;
    constexpr std::string_view k_rule = "rule";
    constexpr std::string_view k_severity = "severity";
    constexpr std::string_view k_count = "count";
    std::size_t rule_width = k_rule.size();
    std::size_t count_width = k_count.size();
    for (const auto& row : rows) {
        rule_width = std::max(rule_width, row.rule.size());
        count_width = std::max(count_width, std::to_string(row.count).size());
    }
    const auto cell = [&](std::string_view text, std::size_t width) {
        out += text;
        out.append(width - text.size(), ' ');
    };
    cell(k_rule, rule_width + 2);
    cell(k_severity, k_severity.size() + 2);
    out.append(count_width - k_count.size(), ' ');
    append(out, k_count, "\n");
    for (const auto& row : rows) {
        cell(row.rule, rule_width + 2);
        const auto severity = severity_name(row.severity);
        append(out, severity_color(row.severity, p), severity, p.reset);
        out.append(k_severity.size() + 2 - severity.size(), ' ');
        const auto count = std::to_string(row.count);
        out.append(count_width - count.size(), ' ');
        append(out, count, "\n");
    }
}

}  // namespace

void write_text(const LintOutput& output, const ReportOptions& options, std::ostream& stream) {
    const auto p = palette(options.color);
    const auto findings = visible_findings(output, false);
    if (!options.statistics_only) write_findings(findings, p, options.jobs, stream);
    std::string out;
    append_statistics(out, findings, p);
    for (const auto& error : output.errors) out += "error: " + escape_controls(error.display()) + "\n";
    out += run_summary(output, findings) + "\n";
    stream << out;
}

}  // namespace miglint::report

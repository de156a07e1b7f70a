#include "lsp/hover.hpp"

#include "report/report.hpp"

#include <miglint/rule.hpp>

namespace miglint::lsp {
namespace {

// "SHARE (blocks writes; scans the table)" from the rule's metadata, or "" when it takes no lock.
std::string lock_line(const Rule& rule) {
    if (rule.lock.empty()) return {};
    std::string notes;
    const auto add = [&](std::string_view note) { notes += (notes.empty() ? "" : "; ") + std::string(note); };
    if (!rule.blocks.empty()) add("blocks " + std::string(rule.blocks));
    if (rule.rewrites_table) add("rewrites the table");
    if (rule.scans_table) add("scans the table");
    return "`" + std::string(rule.lock) + "`" + (notes.empty() ? "" : " (" + notes + ")");
}

// Help is a sentence ending in ':' and then the statements to use: the
// sentence as prose, the statements as a code block.
std::string help_markdown(const std::string& help, bool python) {
    const auto newline = help.find('\n');
    if (newline == std::string::npos || newline == 0 || help[newline - 1] != ':') return help;
    return help.substr(0, newline) + "\n\n```" + (python ? "python" : "sql") + "\n" + help.substr(newline + 1) +
           "\n```";
}

}  // namespace

std::string hover_markdown(const Finding& finding) {
    std::string out = "**miglint** `" + finding.rule + "` (" + std::string(severity_name(finding.severity)) + ")\n\n" +
                      finding.message + "\n";
    if (const auto* rule = find_rule(finding.rule)) {
        if (const auto lock = lock_line(*rule); !lock.empty()) out += "\n**Lock:** " + lock + "\n";
    }
    if (!finding.help.empty()) {
        out += "\n**Safe alternative:** " + help_markdown(finding.help, finding.path().ends_with(".py")) + "\n";
    }
    out += "\n[" + finding.rule + " documentation](" + report::rule_doc_url(finding.rule) + ")\n";
    return out;
}

Json hover(const Document& doc, const Json& params, PositionEncoding encoding) {
    if (!doc.linted) return nullptr;
    const auto offset = from_lsp_position(*doc.linted, params.at("position"), encoding);
    std::string markdown;
    std::optional<Span> range;
    for (const auto& finding : doc.findings) {
        const auto& span = finding.span;
        // Half-open, except that an empty span is hit at its one position.
        const bool inside = span.empty() ? offset == span.begin : (offset >= span.begin && offset < span.end);
        if (!inside) continue;
        markdown += (markdown.empty() ? "" : "\n---\n\n") + hover_markdown(finding);
        if (!range) range = span;
    }
    if (!range) return nullptr;
    return {{"contents", {{"kind", "markdown"}, {"value", markdown}}},
            {"range", to_lsp_range(*doc.linted, *range, encoding)}};
}

}  // namespace miglint::lsp

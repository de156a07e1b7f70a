// The JSON format: a stable, documented object (docs/json-format.md).
#include "report/report.hpp"
#include "report/report_util.hpp"

#include <nlohmann/json.hpp>

namespace miglint::report {

void write_json(const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const auto* finding : visible_findings(output, options.include_suppressed)) {
        const auto start = finding->start();
        const auto end = finding->end();
        nlohmann::ordered_json item;
        item["rule"] = finding->rule;
        item["severity"] = severity_name(finding->severity);
        item["message"] = finding->message;
        item["path"] = finding->path();
        item["start"] = {{"line", start.line}, {"column", start.column}};
        item["end"] = {{"line", end.line}, {"column", end.column}};
        item["help"] = finding->help;
        if (finding->fix) {
            nlohmann::ordered_json edits = nlohmann::ordered_json::array();
            for (const auto& edit : finding->fix->edits) {
                const auto from = finding->source->position(edit.span.begin);
                const auto to = finding->source->position(edit.span.end);
                edits.push_back({{"start", {{"line", from.line}, {"column", from.column}}},
                                 {"end", {{"line", to.line}, {"column", to.column}}},
                                 {"replacement", edit.replacement}});
            }
            item["fix"] = {{"description", finding->fix->description}, {"edits", edits}};
        } else {
            item["fix"] = nullptr;
        }
        if (options.include_suppressed) item["suppressed"] = finding->suppressed;
        findings.push_back(std::move(item));
    }
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const auto& error : output.errors) {
        nlohmann::ordered_json item{{"path", error.path}, {"message", error.message}};
        if (error.where) item["start"] = {{"line", error.where->line}, {"column", error.where->column}};
        errors.push_back(std::move(item));
    }
    nlohmann::ordered_json root;
    root["version"] = 1;
    root["files_checked"] = output.files_linted;
    root["findings"] = std::move(findings);
    root["errors"] = std::move(errors);
    write_json_document(root, out);
}

}  // namespace miglint::report

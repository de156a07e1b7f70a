// The JSON format: a stable, documented object (docs/json-format.md).
#include "json_stream.hpp"
#include "report.hpp"
#include "report_util.hpp"

namespace miglint::report {
namespace {

void write_position(JsonStream& json, std::string_view name, Position at) {
    json.key(name);
    json.begin_object();
    json.member("line", at.line);
    json.member("column", at.column);
    json.end_object();
}

void write_fix(JsonStream& json, const Finding& finding) {
    json.begin_object();
    json.member("description", finding.fix->description);
    json.key("edits");
    json.begin_array();
    for (const auto& edit : finding.fix->edits) {
        json.begin_object();
        write_position(json, "start", finding.source->position(edit.span.begin));
        write_position(json, "end", finding.source->position(edit.span.end));
        json.member("replacement", edit.replacement);
        json.end_object();
    }
    json.end_array();
    // Only where the fix has them, so other output stays as it was.
    if (!finding.fix->new_files.empty()) {
        json.key("new_files");
        json.begin_array();
        for (const auto& file : finding.fix->new_files) {
            json.begin_object();
            json.member("path", file.path);
            json.member("text", file.text);
            json.end_object();
        }
        json.end_array();
    }
    if (const auto& split = finding.fix->split) {
        json.key("new_migration");
        json.begin_object();
        json.member("title", split->title);
        json.member("up", split->up);
        json.member("down", split->down);
        json.end_object();
    }
    json.end_object();
}

void write_finding(JsonStream& json, const Finding& finding, bool with_suppressed) {
    json.begin_object();
    json.member("rule", finding.rule);
    json.member("severity", severity_name(finding.severity));
    json.member("message", finding.message);
    json.member("path", finding.path());
    write_position(json, "start", finding.start());
    write_position(json, "end", finding.end());
    json.member("help", finding.help);
    json.key("fix");
    if (finding.fix) {
        write_fix(json, finding);
    } else {
        json.null();
    }
    if (with_suppressed) json.member("suppressed", finding.suppressed);
    json.end_object();
}

}  // namespace

void write_json(const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    JsonStream json(out);
    json.begin_object();
    json.member("version", 1);
    json.member("files_checked", output.files_linted);
    json.key("findings");
    json.begin_array();
    for (const auto* finding : visible_findings(output, options.include_suppressed)) {
        write_finding(json, *finding, options.include_suppressed);
    }
    json.end_array();
    json.key("errors");
    json.begin_array();
    for (const auto& error : output.errors) {
        json.begin_object();
        json.member("path", error.path);
        json.member("message", error.message);
        if (error.where) write_position(json, "start", *error.where);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    json.finish();
}

}  // namespace miglint::report

#include "lsp/diagnostics.hpp"

#include "report/report.hpp"

namespace miglint::lsp {
namespace {

// DiagnosticSeverity: 1 error, 2 warning, 3 information.
int severity_code(Severity severity) {
    switch (severity) {
        case Severity::error:
            return 1;
        case Severity::warning:
            return 2;
        case Severity::info:
            return 3;
    }
    return 3;
}

}  // namespace

Json diagnostic_of(const Finding& finding, PositionEncoding encoding) {
    return {{"range", to_lsp_range(*finding.source, finding.span, encoding)},
            {"severity", severity_code(finding.severity)},
            {"code", finding.rule},
            {"codeDescription", {{"href", report::rule_doc_url(finding.rule)}}},
            {"source", "miglint"},
            {"message", finding.message}};
}

Json publish_params(const Document& doc, PositionEncoding encoding) {
    Json diagnostics = Json::array();
    for (const auto& finding : doc.findings) diagnostics.push_back(diagnostic_of(finding, encoding));
    return {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", std::move(diagnostics)}};
}

}  // namespace miglint::lsp

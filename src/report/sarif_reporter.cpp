// SARIF 2.1.0, shaped for GitHub code scanning: the schema's required fields
// plus what GitHub reads (rule metadata, partialFingerprints, columnKind).
// No timestamps or absolute paths, so identical input gives identical bytes.
#include "json_stream.hpp"
#include "report.hpp"
#include "report_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

namespace miglint::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view k_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view k_information_uri = "https://github.com/miglint/miglint";
// GitHub rejects longer rule descriptions.
constexpr std::size_t k_max_description = 1024;

std::string_view level_of(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning:
            return "warning";
        case Severity::info: return "note";
    }
    return "warning";
}

// GitHub's own scale for non-security alerts.
std::string_view problem_severity(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning:
            return "warning";
        case Severity::info: return "recommendation";
    }
    return "warning";
}

// Rules about the text itself (it does not parse, a directive is unused) are
// certain; the others judge production risk, which depends on data they may
// not see (table sizes, traffic).
std::string_view precision_of(const Rule& rule) {
    const bool certain = std::any_of(rule.tags.begin(), rule.tags.end(),
                                     [](std::string_view tag) { return tag == "correctness" || tag == "suppression"; });
    return certain ? "very-high" : "high";
}

std::string camel_case(std::string_view id) {
    std::string out;
    bool upper = true;
    for (const char c : id) {
        if (c == '-' || c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// Cuts `text` to at most `limit` code points, ending with an ellipsis when cut.
std::string truncated(std::string text, std::size_t limit) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (++points == limit) {
            // `i` starts the last code point that fits; keep room for the ellipsis.
            std::size_t rest = i + 1;
            while (rest < text.size() && (static_cast<unsigned char>(text[rest]) & 0xC0) == 0x80) ++rest;
            if (rest == text.size()) return text;
            text.resize(i);
            return text + "\xE2\x80\xA6";
        }
    }
    return text;
}

// The first paragraph of the page's "## Why it is dangerous" section, on one line.
std::optional<std::string> why_paragraph(const std::string& page) {
    std::istringstream lines(page);
    std::string line;
    bool inside = false;
    std::string paragraph;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!inside) {
            inside = line == "## Why it is dangerous";
            continue;
        }
        if (line.starts_with("#")) break;
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (!paragraph.empty()) break;
            continue;
        }
        paragraph += (paragraph.empty() ? "" : " ") + line.substr(line.find_first_not_of(" \t"));
    }
    if (paragraph.empty()) return std::nullopt;
    return paragraph;
}

Json describe_rule(const Rule& rule, const ReportOptions& options) {
    const std::string id(rule.id);
    const std::string summary(rule.summary);
    const auto page = rule_doc(options.docs_dir, id);
    const auto full = page ? why_paragraph(*page) : std::nullopt;
    Json tags = Json::array();
    for (const auto tag : rule.tags) tags.push_back(tag);
    Json out;
    out["id"] = id;
    out["name"] = camel_case(id);
    out["shortDescription"] = {{"text", truncated(summary, k_max_description)}};
    out["fullDescription"] = {{"text", truncated(full ? summary + " " + *full : summary, k_max_description)}};
    out["help"] = {{"text", page ? *page : summary}, {"markdown", page ? *page : summary}};
    out["helpUri"] = rule_doc_url(id);
    out["defaultConfiguration"] = {{"level", level_of(rule.default_severity)}};
    out["properties"] = {{"tags", tags},
                         {"precision", precision_of(rule)},
                         {"problem.severity", problem_severity(rule.default_severity)}};
    return out;
}

Json artifact_location(const std::string& path, const ReportOptions& options) {
    if (const auto relative = relative_path(path, options.base_dir)) {
        return {{"uri", uri_encode(*relative)}, {"uriBaseId", "%SRCROOT%"}};
    }
    const auto absolute = std::filesystem::absolute(path).lexically_normal().generic_string();
    return {{"uri", "file://" + uri_encode(absolute)}};
}

// Results are written as they are made, not built as one tree (a run can have
// tens of thousands). Findings come file by file, so each file's location is
// made once.
class ResultWriter {
public:
    ResultWriter(JsonStream& json, const ReportOptions& options) : m_json(json), m_options(options) {}

    void write(const Finding& finding, std::size_t rule_index, std::size_t occurrence) {
        auto& json = m_json;
        json.begin_object();
        json.member("ruleId", finding.rule);
        json.member("ruleIndex", rule_index);
        json.member("level", level_of(finding.severity));
        json.key("message");
        json.begin_object();
        json.member("text", finding.help.empty() ? finding.message : finding.message + "\n\n" + finding.help);
        json.end_object();
        json.key("locations");
        json.begin_array();
        json.begin_object();
        json.key("physicalLocation");
        json.begin_object();
        write_artifact_location(finding.path());
        write_region(*finding.source, finding.span, "region");
        json.end_object();
        json.end_object();
        json.end_array();
        json.key("partialFingerprints");
        json.begin_object();
        json.member("primaryLocationLineHash", hex64(fnv1a(normalized_line(finding), fnv1a(finding.rule + '\n'))) +
                                                   ":" + std::to_string(occurrence));
        json.end_object();
        // SARIF's fixes edit existing artifacts; a fix that creates files is left to --fix.
        if (finding.fix && !finding.fix->edits.empty() && finding.fix->edits_own_file_only()) write_fixes(finding);
        if (finding.suppressed) {
            json.key("suppressions");
            json.begin_array();
            json.begin_object();
            json.member("kind", "inSource");
            json.end_object();
            json.end_array();
        }
        json.end_object();
    }

private:
    void write_artifact_location(const std::string& path) {
        if (path != m_location_path) {
            m_location_path = path;
            m_location = artifact_location(path, m_options);
        }
        m_json.key("artifactLocation");
        m_json.begin_object();
        for (const auto& [name, text] : m_location.items()) m_json.member(name, text.get_ref<const std::string&>());
        m_json.end_object();
    }

    void write_region(const SourceText& source, Span span, std::string_view name) {
        const auto start = source.position(span.begin);
        const auto end = source.position(span.end);
        auto& json = m_json;
        json.key(name);
        json.begin_object();
        json.member("startLine", start.line);
        json.member("startColumn", start.column);
        json.member("endLine", end.line);
        json.member("endColumn", end.column);
        json.end_object();
    }

    void write_fixes(const Finding& finding) {
        auto& json = m_json;
        json.key("fixes");
        json.begin_array();
        json.begin_object();
        json.key("description");
        json.begin_object();
        json.member("text", finding.fix->description);
        json.end_object();
        json.key("artifactChanges");
        json.begin_array();
        json.begin_object();
        write_artifact_location(finding.path());
        json.key("replacements");
        json.begin_array();
        for (const auto& edit : finding.fix->edits) {
            json.begin_object();
            write_region(*finding.source, edit.span, "deletedRegion");
            json.key("insertedContent");
            json.begin_object();
            json.member("text", edit.replacement);
            json.end_object();
            json.end_object();
        }
        json.end_array();
        json.end_object();
        json.end_array();
        json.end_object();
        json.end_array();
    }

    JsonStream& m_json;
    const ReportOptions& m_options;
    std::string m_location_path;
    Json m_location;
};

Json notification(std::string_view level, const std::string& text) {
    return {{"level", level}, {"message", {{"text", text}}}};
}

}  // namespace

void write_sarif(const LintOutput& output, const ReportOptions& options, std::ostream& out) {
    std::vector<const Rule*> rules = options.rules;
    if (rules.empty()) rules.assign(all_rules().begin(), all_rules().end());
    const auto findings = visible_findings(output, options.include_suppressed);
    for (const auto* finding : findings) {
        const auto* rule = find_rule(finding->rule);
        if (rule != nullptr && std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
    }
    std::map<std::string, std::size_t, std::less<>> index_of;
    Json described = Json::array();
    for (const auto* rule : rules) {
        index_of.emplace(std::string(rule->id), described.size());
        described.push_back(describe_rule(*rule, options));
    }

    // Over the limit, keep the most severe results, still in file order.
    const auto occurrences = line_occurrences(output.findings, findings);
    std::vector<std::size_t> kept = most_severe_first(findings);
    const auto dropped = kept.size() > options.max_results ? kept.size() - options.max_results : 0;
    kept.resize(kept.size() - dropped);
    std::sort(kept.begin(), kept.end());

    Json notifications = Json::array();
    for (const auto& error : output.errors) {
        auto item = notification("error", error.message);
        if (!error.path.empty()) {
            Json physical;
            physical["artifactLocation"] = artifact_location(error.path, options);
            if (error.where) {
                physical["region"] = {{"startLine", error.where->line}, {"startColumn", error.where->column}};
            }
            item["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
        }
        notifications.push_back(std::move(item));
    }
    if (dropped > 0) {
        notifications.push_back(notification(
            "warning", std::to_string(dropped) + " less severe results were left out: GitHub code scanning accepts at most " +
                           std::to_string(options.max_results) + " results per run"));
    }
    Json invocation;
    invocation["executionSuccessful"] = output.errors.empty();
    if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

    Json driver;
    driver["name"] = "miglint";
    driver["version"] = MIGLINT_VERSION;
    driver["semanticVersion"] = MIGLINT_VERSION;
    driver["informationUri"] = k_information_uri;
    driver["rules"] = std::move(described);

    JsonStream json(out);
    json.begin_object();
    json.member("$schema", k_schema);
    json.member("version", "2.1.0");
    json.key("runs");
    json.begin_array();
    json.begin_object();
    json.member("tool", Json{{"driver", std::move(driver)}});
    json.member("invocations", Json::array({std::move(invocation)}));
    json.member("columnKind", "unicodeCodePoints");
    json.key("results");
    json.begin_array();
    ResultWriter results(json, options);
    for (const auto i : kept) {
        const auto it = index_of.find(findings[i]->rule);
        if (it == index_of.end()) continue;  // a rule id the registry does not know cannot be described
        results.write(*findings[i], it->second, occurrences[i]);
    }
    json.end_array();
    json.end_object();
    json.end_array();
    json.end_object();
    json.finish();
}

}  // namespace miglint::report

#include "cli/rules_command.hpp"

#include <miglint/rule.hpp>

#include <nlohmann/json.hpp>

namespace miglint::cli {
namespace {

std::string lock_cell(const Rule& rule) {
    std::string cell = rule.lock.empty() ? "none" : std::string(rule.lock);
    if (rule.rewrites_table) cell += ", rewrite";
    else if (rule.scans_table) cell += ", scan";
    return cell;
}

std::string text_table() {
    std::string out;
    for (const auto* rule : all_rules()) {
        std::string id(rule->id);
        id.resize(std::max<std::size_t>(id.size(), 32), ' ');
        std::string severity(severity_name(rule->default_severity));
        severity.resize(8, ' ');
        out += id + " " + severity + (rule->enabled_by_default ? " on   " : " off  ") + std::string(rule->summary) + "\n";
    }
    return out;
}

std::string markdown_table() {
    std::string out = "| Rule | Severity | Default | What it catches | Lock | PostgreSQL |\n";
    out += "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto* rule : all_rules()) {
        out += "| [`" + std::string(rule->id) + "`](docs/rules/" + std::string(rule->id) + ".md) | " +
               std::string(severity_name(rule->default_severity)) + " | " + (rule->enabled_by_default ? "on" : "off") +
               " | " + std::string(rule->summary) + " | " + lock_cell(*rule) + " | " + rule->pg_versions.display() + " |\n";
    }
    return out;
}

std::string json_table() {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const auto* rule : all_rules()) {
        rules.push_back({{"id", rule->id},
                         {"severity", severity_name(rule->default_severity)},
                         {"enabled_by_default", rule->enabled_by_default},
                         {"summary", rule->summary},
                         {"lock", rule->lock},
                         {"rewrites_table", rule->rewrites_table},
                         {"scans_table", rule->scans_table},
                         {"pg_versions", rule->pg_versions.display()}});
    }
    return rules.dump(2) + "\n";
}

}  // namespace

std::string fix_line(const Rule& rule) {
    if (rule.fix == FixAvailability::never) return "Fix: none; the help says what to write instead.";
    const std::string when = rule.fix == FixAvailability::always ? "always" : "sometimes";
    switch (rule.fix_safety) {
        case FixSafety::safe: return "Fix: " + when + ", safe (miglint --fix): " + std::string(rule.fix_does) + ".";
        case FixSafety::unsafe:
            return "Fix: " + when + ", unsafe (miglint --fix --unsafe-fixes): " + std::string(rule.fix_does) + ".";
        case FixSafety::safe_or_unsafe:
            return "Fix: " + when + ", safe or unsafe (miglint --fix; --unsafe-fixes for the unsafe ones): " +
                   std::string(rule.fix_does) + ".";
    }
    return {};
}

std::optional<std::string> rules_table(std::string_view format) {
    if (format == "text") return text_table();
    if (format == "markdown") return markdown_table();
    if (format == "json") return json_table();
    return std::nullopt;
}

}  // namespace miglint::cli

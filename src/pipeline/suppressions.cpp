#include "suppressions.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

namespace miglint {
namespace {

constexpr std::string_view k_marker = "miglint:";

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Reads "rule-a, rule-b" or "[rule-a, rule-b]" up to the end of the comment.
std::set<std::string> rule_list(std::string_view rest) {
    // A second comment ends the directive: "-- miglint: ignore x -- why" names only x.
    rest = rest.substr(0, std::min(rest.find("--"), rest.find('#')));
    rest = trim(rest);
    if (rest.starts_with("[")) {
        const auto close = rest.find(']');
        rest = rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    }
    std::set<std::string> rules;
    std::string current;
    const auto flush = [&] {
        if (!current.empty()) rules.insert(current);
        current.clear();
    };
    for (const char c : rest) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
            current += c;
        } else if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            flush();
        } else {
            break;  // the directive ends where a comment's prose begins ("-- miglint: ignore x -- why")
        }
    }
    flush();
    return rules;
}

// The position of the comment start in `line`, or npos: `--` for SQL, `#` for Python.
std::size_t comment_start(std::string_view line, std::size_t marker) {
    const auto dash = line.rfind("--", marker);
    const auto hash = line.rfind('#', marker);
    if (dash == std::string_view::npos) return hash;
    if (hash == std::string_view::npos) return dash;
    return std::max(dash, hash);
}

}  // namespace

std::vector<Suppression> find_suppressions(const SourceText& source) {
    std::vector<Suppression> out;
    const auto& text = source.text();
    // Every file is searched and few hold a directive: a skipping search, where
    // find would stop at every 'm' of the SQL.
    static const std::boyer_moore_horspool_searcher marker_search(k_marker.begin(), k_marker.end());
    if (std::search(text.begin(), text.end(), marker_search) == text.end()) return out;
    for (std::uint32_t line = 1; line <= source.line_count(); ++line) {
        const auto content = source.line_text(line);
        const auto marker = content.find(k_marker);
        if (marker == std::string_view::npos) continue;
        if (comment_start(content, marker) == std::string_view::npos) continue;
        auto rest = trim(content.substr(marker + k_marker.size()));
        Suppression directive;
        directive.line = line;
        if (rest.starts_with("ignore-file")) {
            directive.whole_file = true;
            rest.remove_prefix(std::string_view("ignore-file").size());
        } else if (rest.starts_with("ignore")) {
            rest.remove_prefix(std::string_view("ignore").size());
        } else {
            continue;
        }
        directive.rules = rule_list(rest);
        const auto begin = source.line_start(line) + static_cast<std::uint32_t>(marker);
        directive.span = {begin, source.line_start(line) + static_cast<std::uint32_t>(content.size())};
        out.push_back(std::move(directive));
    }
    return out;
}

std::vector<std::set<std::string>> apply_suppressions(const std::vector<Suppression>& directives,
                                                      std::vector<Finding*>& findings) {
    std::vector<std::set<std::string>> used(directives.size());
    for (auto* finding : findings) {
        const auto line = finding->start().line;
        for (std::size_t i = 0; i < directives.size(); ++i) {
            const auto& d = directives[i];
            const bool covers_line = d.whole_file || d.line == line || d.line + 1 == line;
            const bool covers_rule = d.rules.empty() || d.rules.count(finding->rule) > 0;
            if (covers_line && covers_rule) {
                finding->suppressed = true;
                used[i].insert(finding->rule);
            }
        }
    }
    return used;
}

namespace {

std::string listed(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "`" : ", `") + id + "`";
    return out;
}

}  // namespace

std::vector<Finding> unused_suppressions(const std::shared_ptr<const SourceText>& source,
                                         const std::vector<Suppression>& directives,
                                         const std::vector<std::set<std::string>>& used,
                                         const std::set<std::string>& ran, const Rule& rule, Severity severity) {
    std::vector<Finding> out;
    const auto report = [&](const Suppression& d, std::string message, std::string help) {
        Finding f;
        f.rule = std::string(rule.id);
        f.severity = severity;
        f.message = std::move(message);
        f.help = std::move(help);
        f.source = source;
        f.span = d.span;
        out.push_back(std::move(f));
    };
    for (std::size_t i = 0; i < directives.size(); ++i) {
        const auto& d = directives[i];
        const std::string where = d.whole_file ? "in this file" : "on its line or the next";
        if (d.rules.empty()) {
            if (used[i].empty()) report(d, "this suppression covers every rule but suppresses nothing " + where, "remove the directive");
            continue;
        }
        std::vector<std::string> unknown;
        std::vector<std::string> unused;
        for (const auto& id : d.rules) {
            if (find_rule(id) == nullptr) unknown.push_back(id);
            else if (ran.count(id) > 0 && used[i].count(id) == 0) unused.push_back(id);
        }
        if (!unknown.empty()) {
            report(d, "this suppression names " + listed(unknown) + ", which " + (unknown.size() == 1 ? "is" : "are") + " not a rule id",
                   "check the spelling; `miglint rules` lists every rule id");
        }
        if (!unused.empty()) {
            report(d, "the suppression of " + listed(unused) + " suppresses nothing " + where,
                   "remove " + listed(unused) + " from the directive, or the directive itself");
        }
    }
    return out;
}

}  // namespace miglint

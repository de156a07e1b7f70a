#include "fixture_runner.hpp"

#include "pipeline/discover.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace miglint::testing {
namespace fs = std::filesystem;
namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string first_line_of(const std::string& text) { return text.substr(0, text.find_first_of("\r\n")); }

std::vector<std::string> split_list(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream stream(s);
    std::string item;
    while (std::getline(stream, item, sep)) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

}  // namespace

Settings fixture_settings(const std::string& first_line, const std::string& rule_dir, std::vector<std::string>& problems) {
    Settings settings;
    settings.jobs = 1;
    if (rule_dir.starts_with("_")) {
        settings.select = {"all"};
    } else {
        settings.select = {rule_dir};
    }
    static const std::regex header(R"(^\s*(--|#)\s*fixture:(.*)$)");
    std::smatch match;
    if (!std::regex_match(first_line, match, header)) return settings;
    for (const auto& option : split_list(match[2].str(), ',')) {
        const auto eq = option.find('=');
        const auto key = option.substr(0, eq);
        const auto value = eq == std::string::npos ? std::string{} : option.substr(eq + 1);
        if (key == "pg-version") {
            if (auto v = parse_pg_version(value)) {
                settings.pg_version = *v;
                settings.pg_version_from = PgVersionFrom::config;
            }
            else problems.push_back("bad pg-version " + value);
        } else if (key == "assume-in-transaction") {
            settings.sql_runner = RunnerTransaction::per_file;
        } else if (key == "runner-sets-timeouts") {
            settings.runner_sets_timeouts = true;
        } else if (key == "lint-downgrades") {
            settings.lint_downgrades = true;
        } else if (key == "enable") {
            for (const auto& id : split_list(value, ' ')) settings.select.insert(id);
        } else if (key == "large-tables") {
            for (const auto& t : split_list(value, ' ')) settings.large_tables[t] = std::nullopt;
        } else if (key == "naming-convention") {  // naming-convention=pk:pk_%(table_name)s uq:...
            for (const auto& entry : split_list(value, ' ')) {
                const auto colon = entry.find(':');
                if (colon == std::string::npos) problems.push_back("bad naming-convention entry " + entry);
                else settings.naming_convention[entry.substr(0, colon)] = entry.substr(colon + 1);
            }
        } else if (key == "option") {  // option=rule.name:value
            const auto dot = value.find('.');
            const auto colon = value.find(':');
            if (dot == std::string::npos || colon == std::string::npos) problems.push_back("bad option " + value);
            else settings.rule_options[value.substr(0, dot)][value.substr(dot + 1, colon - dot - 1)] = value.substr(colon + 1);
        } else {
            problems.push_back("unknown fixture option `" + key + "`");
        }
    }
    return settings;
}

namespace {

// Reads one `expect:` list: ids, each with an optional [severity] and "fragment".
class ClaimReader {
public:
    ClaimReader(std::string_view text, Expectation at, std::vector<std::string>& problems)
        : m_text(text), m_at(std::move(at)), m_problems(problems) {}

    std::vector<Claim> read() {
        std::vector<Claim> claims;
        while (true) {
            skip_blanks();
            if (at_end() || !is_id_byte(peek())) break;
            Claim claim{m_at, std::nullopt, std::nullopt};
            while (!at_end() && is_id_byte(peek())) claim.at.rule += m_text[m_pos++];
            skip_blanks();
            if (!at_end() && peek() == '[') claim.severity = read_severity();
            skip_blanks();
            if (!at_end() && peek() == '"') claim.fragment = read_fragment();
            claims.push_back(std::move(claim));
            skip_blanks();
            if (at_end() || peek() != ',') break;
            ++m_pos;
        }
        return claims;
    }

private:
    static bool is_id_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return m_text[m_pos]; }
    void skip_blanks() {
        while (!at_end() && (peek() == ' ' || peek() == '\t')) ++m_pos;
    }
    void problem(const std::string& what) {
        m_problems.push_back(m_at.path + ":" + std::to_string(m_at.line) + ": expect: " + what);
    }

    std::optional<Severity> read_severity() {
        const auto close = m_text.find(']', m_pos);
        if (close == std::string_view::npos) {
            problem("unclosed [severity]");
            m_pos = m_text.size();
            return std::nullopt;
        }
        const auto name = m_text.substr(m_pos + 1, close - m_pos - 1);
        m_pos = close + 1;
        const auto severity = parse_severity(name);
        if (!severity) problem("unknown severity [" + std::string(name) + "]");
        return severity;
    }

    std::optional<std::string> read_fragment() {
        std::string fragment;
        for (++m_pos; !at_end(); ++m_pos) {
            if (peek() == '\\' && m_pos + 1 < m_text.size()) {
                fragment += m_text[++m_pos];
            } else if (peek() == '"') {
                ++m_pos;
                return fragment;
            } else {
                fragment += peek();
            }
        }
        problem("unclosed \"fragment\"");
        return std::nullopt;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    Expectation m_at;
    std::vector<std::string>& m_problems;
};

// The fix's description, the text its edits insert, the files it creates
// (path, then text) and the migration of its own it moves statements into.
std::string fix_text(const Finding& finding) {
    if (!finding.fix) return {};
    std::string out = finding.fix->description;
    for (const auto& edit : finding.fix->edits) out += "\n" + edit.replacement;
    for (const auto& file : finding.fix->new_files) out += "\n" + file.path + "\n" + file.text;
    if (const auto& split = finding.fix->split) out += "\nnew migration " + split->title + "\n" + split->up + split->down;
    return out;
}

// What a claim found wrong with the finding it names, or "" when it holds.
std::string claim_failure(const Claim& claim, const Finding& finding) {
    if (claim.severity && *claim.severity != finding.severity) {
        return "severity " + std::string(severity_name(finding.severity)) + ", expected " + std::string(severity_name(*claim.severity));
    }
    if (claim.fragment && finding.message.find(*claim.fragment) == std::string::npos &&
        finding.help.find(*claim.fragment) == std::string::npos && fix_text(finding).find(*claim.fragment) == std::string::npos) {
        return "neither message, help nor fix holds \"" + *claim.fragment + "\"; message: \"" + finding.message +
               "\"; help: \"" + finding.help + "\"; fix: \"" + fix_text(finding) + "\"";
    }
    return {};
}

}  // namespace

std::vector<Claim> claims_in(const std::string& path, const std::string& text, std::vector<std::string>& problems) {
    std::vector<Claim> out;
    const SourceText source(path, text);
    for (std::uint32_t line = 1; line <= source.line_count(); ++line) {
        const auto content = source.line_text(line);
        auto marker = content.find("expect:");
        if (marker == std::string_view::npos) continue;
        // Only in a comment: `--` or `#` before it, with blanks between.
        const auto before = content.substr(0, marker);
        const auto trimmed = before.substr(0, before.find_last_not_of(" \t") + 1);
        if (!trimmed.ends_with("--") && !trimmed.ends_with("#")) continue;
        marker += std::string_view("expect:").size();
        auto claims = ClaimReader(content.substr(marker), Expectation{path, line, ""}, problems).read();
        out.insert(out.end(), std::make_move_iterator(claims.begin()), std::make_move_iterator(claims.end()));
    }
    return out;
}

FixtureResult run_fixture(const fs::path& target, const std::string& rule_dir) {
    FixtureResult result;
    std::vector<std::string> files;
    if (fs::is_directory(target)) {
        for (const auto& file : discover({target.string()}).files) files.push_back(file.path);
    } else {
        files = {target.string()};
    }
    std::vector<Expectation> expected;
    std::vector<Claim> claims;
    std::string first_line;
    for (const auto& file : files) {
        const auto text = read_all(file);
        if (first_line.empty() || first_line.find("fixture:") == std::string::npos) first_line = first_line_of(text);
        for (auto& claim : claims_in(file, text, result.mismatches)) {
            const auto& e = claim.at;
            if (find_rule(e.rule) == nullptr) result.mismatches.push_back(file + ":" + std::to_string(e.line) + ": expect: names unknown rule " + e.rule);
            expected.push_back(e);
            if (claim.severity || claim.fragment) claims.push_back(std::move(claim));
        }
    }
    const auto settings = fixture_settings(first_line, rule_dir, result.mismatches);
    const auto output = lint_paths({target.string()}, settings);
    for (const auto& error : output.errors) result.mismatches.push_back("error: " + error.display());
    std::vector<Expectation> actual;
    std::map<Expectation, std::string> messages;
    std::multimap<Expectation, const Finding*> found;
    for (const auto& finding : output.findings) {
        if (finding.suppressed) continue;
        Expectation e{finding.path(), finding.start().line, finding.rule};
        messages[e] = finding.message;
        found.emplace(e, &finding);
        actual.push_back(std::move(e));
    }
    // A claim holds when one of the findings it names (same line and rule) bears it out.
    for (const auto& claim : claims) {
        const auto [first, last] = found.equal_range(claim.at);
        if (first == last) continue;  // reported below as missing
        std::string failure;
        for (auto it = first; it != last; ++it) {
            failure = claim_failure(claim, *it->second);
            if (failure.empty()) break;
        }
        if (!failure.empty()) {
            result.mismatches.push_back(claim.at.path + ":" + std::to_string(claim.at.line) + ": " + claim.at.rule + ": " + failure);
        }
    }
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    std::vector<Expectation> missing;
    std::vector<Expectation> unexpected;
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(missing));
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(unexpected));
    for (const auto& e : missing) result.mismatches.push_back(e.path + ":" + std::to_string(e.line) + ": missing " + e.rule);
    for (const auto& e : unexpected) {
        result.mismatches.push_back(e.path + ":" + std::to_string(e.line) + ": unexpected " + e.rule + " \"" + messages[e] + "\"");
    }
    result.expectations = expected.size();
    return result;
}

}  // namespace miglint::testing

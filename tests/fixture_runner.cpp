#include "fixture_runner.hpp"

#include "core/discover.hpp"

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
        } else if (key == "enable") {
            for (const auto& id : split_list(value, ' ')) settings.select.insert(id);
        } else if (key == "large-tables") {
            for (const auto& t : split_list(value, ' ')) settings.large_tables[t] = std::nullopt;
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

std::vector<Expectation> expectations_in(const std::string& path, const std::string& text) {
    static const std::regex expect(R"((--|#)\s*expect:\s*([a-z0-9, -]+))");
    std::vector<Expectation> out;
    const SourceText source(path, text);
    for (std::uint32_t line = 1; line <= source.line_count(); ++line) {
        const std::string content(source.line_text(line));
        std::smatch match;
        if (!std::regex_search(content, match, expect)) continue;
        for (const auto& id : split_list(match[2].str(), ',')) out.push_back({path, line, id});
    }
    return out;
}

FixtureResult run_fixture(const fs::path& target, const std::string& rule_dir) {
    FixtureResult result;
    std::vector<std::string> files;
    if (fs::is_directory(target)) {
        files = discover({target.string()}).files;
    } else {
        files = {target.string()};
    }
    std::vector<Expectation> expected;
    std::string first_line;
    for (const auto& file : files) {
        const auto text = read_all(file);
        if (first_line.empty() || first_line.find("fixture:") == std::string::npos) first_line = first_line_of(text);
        for (auto& e : expectations_in(file, text)) {
            if (find_rule(e.rule) == nullptr) result.mismatches.push_back(file + ":" + std::to_string(e.line) + ": expect: names unknown rule " + e.rule);
            expected.push_back(std::move(e));
        }
    }
    const auto settings = fixture_settings(first_line, rule_dir, result.mismatches);
    const auto output = lint_paths({target.string()}, settings);
    for (const auto& error : output.errors) result.mismatches.push_back("error: " + error.display());
    std::vector<Expectation> actual;
    std::map<Expectation, std::string> messages;
    for (const auto& finding : output.findings) {
        if (finding.suppressed) continue;
        Expectation e{finding.path(), finding.start().line, finding.rule};
        messages[e] = finding.message;
        actual.push_back(std::move(e));
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

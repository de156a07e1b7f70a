#include <miglint/rule.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;
using miglint::FixAvailability;
using miglint::Rule;
using miglint::severity_name;

namespace {

const fs::path k_root = MIGLINT_SOURCE_DIR;

std::string read_all(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

const std::vector<std::string> k_headings{
    "## What it flags", "## Why it is dangerous", "## Lock taken", "## Safe alternative",
    "## Examples", "## When it stays silent", "## Options", "## References"};

std::string_view fix_name(FixAvailability fix) {
    switch (fix) {
        case FixAvailability::never: return "never";
        case FixAvailability::sometimes: return "sometimes";
        case FixAvailability::always: return "always";
    }
    return "never";
}

// The cells of a Markdown table row: "| a | b |" → {"a", "b"}.
std::vector<std::string> cells_of(const std::string& row) {
    std::vector<std::string> cells;
    std::stringstream stream(row);
    std::string cell;
    std::getline(stream, cell, '|');  // before the first bar
    while (std::getline(stream, cell, '|')) {
        const auto begin = cell.find_first_not_of(' ');
        const auto end = cell.find_last_not_of(' ');
        if (begin != std::string::npos) cells.push_back(cell.substr(begin, end - begin + 1));
    }
    return cells;
}

// What a page's metadata row says that the registry contradicts; a cell may
// add prose after the registry's value ("warning (error on a large table)").
std::vector<std::string> metadata_disagreements(const Rule& rule, const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    if (cells.size() != 6) return {"the metadata row has " + std::to_string(cells.size()) + " cells, not 6"};
    const auto starts = [](const std::string& cell, std::string_view with) { return cell.rfind(with, 0) == 0; };
    if (!starts(cells[0], severity_name(rule.default_severity))) {
        out.push_back("Severity `" + cells[0] + "`, but the rule says " + std::string(severity_name(rule.default_severity)));
    }
    if (rule.lock.empty() ? !starts(cells[1], "none") && !starts(cells[1], "the ") : cells[1].find(rule.lock) == std::string::npos) {
        out.push_back("Lock `" + cells[1] + "`, but the rule says " + (rule.lock.empty() ? "none" : std::string(rule.lock)));
    }
    if (starts(cells[2], "yes") != rule.rewrites_table) {
        out.push_back("Rewrite `" + cells[2] + "`, but the rule says " + (rule.rewrites_table ? "yes" : "no"));
    }
    if (starts(cells[4], "on") != rule.enabled_by_default) {
        out.push_back("Default `" + cells[4] + "`, but the rule is " + (rule.enabled_by_default ? "on" : "off"));
    }
    if (cells[5] != fix_name(rule.fix)) out.push_back("Fix `" + cells[5] + "`, but the rule says " + std::string(fix_name(rule.fix)));
    return out;
}

}  // namespace

TEST_SUITE("docs") {
    TEST_CASE("each page's metadata row agrees with the rule's registry entry") {
        for (const Rule* rule : miglint::all_rules()) {
            const auto lines = lines_of(read_all(k_root / "docs" / "rules" / (std::string(rule->id) + ".md")));
            // Title, summary, blank line, header row, separator, the row.
            REQUIRE_MESSAGE(lines.size() > 5, rule->id);
            for (const auto& problem : metadata_disagreements(*rule, cells_of(lines[5]))) {
                FAIL_CHECK("docs/rules/" << rule->id << ".md: " << problem);
            }
        }
    }

    TEST_CASE("every rule has a doc page with the style guide's headings in order, and every page a rule") {
        std::set<std::string> pages;
        for (const auto& entry : fs::directory_iterator(k_root / "docs" / "rules")) {
            if (entry.path().extension() == ".md") pages.insert(entry.path().stem().string());
        }
        for (const auto* rule : miglint::all_rules()) {
            const std::string id(rule->id);
            CAPTURE(id);
            REQUIRE_MESSAGE(pages.count(id) == 1, "docs/rules/" << id << ".md is missing");
            pages.erase(id);
            const auto lines = lines_of(read_all(k_root / "docs" / "rules" / (id + ".md")));
            REQUIRE(lines.size() > 3);
            CHECK(lines[0] == "# " + id);
            CHECK_MESSAGE(lines[1] == std::string(rule->summary), "the page's first line must be the rule's summary");
            std::size_t next = 0;
            for (const auto& line : lines) {
                if (next < k_headings.size() && line == k_headings[next]) ++next;
            }
            CHECK_MESSAGE(next == k_headings.size(), "missing or out of order: " << (next < k_headings.size() ? k_headings[next] : ""));
            for (const auto& option : rule->options) {
                CHECK_MESSAGE(read_all(k_root / "docs" / "rules" / (id + ".md")).find("`" + std::string(option.name) + "`") != std::string::npos,
                              "option " << option.name << " is not documented");
            }
        }
        for (const auto& orphan : pages) FAIL_CHECK("docs/rules/" << orphan << ".md documents no rule");
    }

    TEST_CASE("every rule has a fixture directory") {
        for (const auto* rule : miglint::all_rules()) {
            CAPTURE(rule->id);
            CHECK(fs::is_directory(k_root / "tests" / "fixtures" / std::string(rule->id)));
        }
    }

    TEST_CASE("rule metadata is complete: kebab-case id, one-sentence summary, a check") {
        for (const auto* rule : miglint::all_rules()) {
            const std::string id(rule->id);
            CAPTURE(id);
            CHECK(!id.empty());
            CHECK(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
            CHECK(!rule->summary.empty());
            CHECK(rule->summary.back() == '.');
            const bool front_end_only = id == "syntax-error" || id == "unresolved-sql" || id == "requires-newer-postgres";
            CHECK((front_end_only || rule->check != nullptr || rule->check_migration != nullptr || rule->check_set != nullptr ||
                   rule->walk_migration != nullptr));
            if (rule->check != nullptr) CHECK(!rule->applies_to.empty());
        }
    }
}

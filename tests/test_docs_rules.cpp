#include <miglint/rule.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

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

}  // namespace

TEST_SUITE("docs") {
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

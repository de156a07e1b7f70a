#include "cli/rules_command.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

TEST_SUITE("docs") {
    TEST_CASE("the README's rules table is what `miglint rules --format markdown` prints") {
        std::ifstream in(std::filesystem::path(MIGLINT_SOURCE_DIR) / "README.md");
        std::stringstream buffer;
        buffer << in.rdbuf();
        const auto readme = buffer.str();
        const std::string start = "<!-- rules-table:start -->\n";
        const auto from = readme.find(start);
        const auto to = readme.find("<!-- rules-table:end -->");
        REQUIRE(from != std::string::npos);
        REQUIRE(to != std::string::npos);
        const auto current = readme.substr(from + start.size(), to - from - start.size());
        CHECK_MESSAGE(current == *miglint::cli::rules_table("markdown"),
                      "README.md's rules table is stale: run tools/update-readme-rules.sh");
    }
}

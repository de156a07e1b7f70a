#include "fixture_runner.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using miglint::testing::claims_in;
using miglint::testing::run_fixture;

TEST_SUITE("fixtures") {
    TEST_CASE("every fixture raises exactly the findings its expect: comments name") {
        const fs::path root = MIGLINT_TEST_FIXTURES;
        std::vector<fs::path> dirs;
        for (const auto& entry : fs::directory_iterator(root)) {
            if (entry.is_directory()) dirs.push_back(entry.path());
        }
        std::sort(dirs.begin(), dirs.end());
        REQUIRE(!dirs.empty());
        std::size_t total_expectations = 0;
        std::vector<std::string> mismatches;
        for (const auto& dir : dirs) {
            const auto rule_dir = dir.filename().string();
            // MIGLINT_FIXTURES=a,b runs only those directories (while working on a rule).
            if (const char* only = std::getenv("MIGLINT_FIXTURES"); only != nullptr && *only != '\0' &&
                ("," + std::string(only) + ",").find("," + rule_dir + ",") == std::string::npos) {
                continue;
            }
            if (!rule_dir.starts_with("_") && miglint::find_rule(rule_dir) == nullptr) {
                mismatches.push_back(dir.string() + ": directory names no rule");
                continue;
            }
            std::vector<fs::path> targets;
            for (const auto& entry : fs::directory_iterator(dir)) {
                // The rule's lock-truth and fix-truth cases run on a server (test_lock_truth.cpp,
                // test_fix_truth.cpp), not through the linter's fixtures.
                const auto name = entry.path().filename().string();
                if (name != "lock-truth.sql" && !name.starts_with("fix-truth")) targets.push_back(entry.path());
            }
            std::sort(targets.begin(), targets.end());
            std::size_t expectations = 0;
            bool has_unsafe = false;
            bool has_safe = false;
            for (const auto& target : targets) {
                const auto name = target.filename().string();
                has_unsafe = has_unsafe || name.starts_with("unsafe");
                has_safe = has_safe || name.starts_with("safe");
                auto result = run_fixture(target, rule_dir);
                expectations += result.expectations;
                mismatches.insert(mismatches.end(), result.mismatches.begin(), result.mismatches.end());
            }
            if (expectations == 0) mismatches.push_back(dir.string() + ": no `expect:` comment in any fixture");
            if (!rule_dir.starts_with("_") && (!has_unsafe || !has_safe)) {
                mismatches.push_back(dir.string() + ": needs at least one unsafe* and one safe* fixture");
            }
            total_expectations += expectations;
        }
        for (const auto& m : mismatches) FAIL_CHECK(m);
        CHECK(mismatches.empty());
        MESSAGE("fixture expectations checked: " << total_expectations);
    }

    TEST_CASE("expect: comments read ids, severities and fragments, and report what they cannot read") {
        std::vector<std::string> problems;
        const auto claims = claims_in("f.sql",
                                      "CREATE INDEX i ON t (a); -- expect: a-rule, b-rule[error] \"ON \\\"T\\\" (a)\"\n"
                                      "SELECT 'expect: not-a-claim';\n"
                                      "x = 1  # expect: c-rule[fatal]\n",
                                      problems);
        REQUIRE(claims.size() == 3);
        CHECK(claims[0].at.rule == "a-rule");
        CHECK_FALSE(claims[0].severity.has_value());
        CHECK(claims[1].at.rule == "b-rule");
        CHECK(claims[1].severity == miglint::Severity::error);
        CHECK(claims[1].fragment == std::optional<std::string>("ON \"T\" (a)"));
        CHECK(claims[2].at.line == 3);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0] == "f.sql:3: expect: unknown severity [fatal]");
    }
}

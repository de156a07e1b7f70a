// Choosing fixes that can be applied together, and printing them as a diff.
#include "fix/fix_plan.hpp"
#include "fix/unified_diff.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace miglint;
using miglint::testing::make_finding;

namespace {

Finding with_fix(const std::shared_ptr<const SourceText>& source, std::string rule, Span span, Fix fix) {
    auto finding = make_finding(source, std::move(rule), Severity::warning, "m", span);
    finding.fix = std::move(fix);
    return finding;
}

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("fixes that touch the same bytes: the first applies, the other is named as skipped") {
        const auto source = std::make_shared<const SourceText>("a.sql", "CREATE INDEX i ON t (a);\n");
        LintOutput output;
        output.findings.push_back(with_fix(source, "r1", {0, 6}, Fix{"one", {{{12, 12}, " CONCURRENTLY"}}}));
        output.findings.push_back(with_fix(source, "r2", {0, 6}, Fix{"two", {{{12, 12}, " X"}}}));
        // The same edit offered by two fixes (one opt-out line for two statements) is applied once.
        output.findings.push_back(with_fix(source, "r3", {0, 6}, Fix{"three", {{{0, 0}, "-- note\n"}}}));
        output.findings.push_back(with_fix(source, "r4", {0, 6}, Fix{"four", {{{0, 0}, "-- note\n"}}}));
        const auto plan = fix::plan_fixes(output, false);
        REQUIRE(plan.files.size() == 1);
        CHECK(plan.files[0].fixed == "-- note\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
        CHECK(plan.files[0].applied.size() == 3);
        REQUIRE(plan.skipped.size() == 1);
        CHECK(plan.skipped[0] == "a.sql:1:1: r2: fix not applied: it overlaps another fix");
    }

    TEST_CASE("unsafe fixes are counted and left out unless asked for; suppressed findings are not fixed") {
        const auto source = std::make_shared<const SourceText>("a.sql", "x\n");
        LintOutput output;
        output.findings.push_back(with_fix(source, "r1", {0, 1}, Fix{"unsafe", {{{0, 1}, "y"}}, true}));
        auto suppressed = with_fix(source, "r2", {0, 1}, Fix{"safe", {{{1, 1}, "z"}}});
        suppressed.suppressed = true;
        output.findings.push_back(suppressed);
        const auto safe = fix::plan_fixes(output, false);
        CHECK(safe.files.empty());
        CHECK(safe.unsafe_withheld == 1);
        const auto all = fix::plan_fixes(output, true);
        REQUIRE(all.files.size() == 1);
        CHECK(all.files[0].fixed == "y\n");
    }

    TEST_CASE("the diff shows each change with three lines of context, in hunks") {
        std::string before;
        for (int i = 1; i <= 20; ++i) before += "line " + std::to_string(i) + "\n";
        auto after = before;
        after.replace(after.find("line 2\n"), 7, "line two\n");
        after.replace(after.find("line 18\n"), 8, "line eighteen\n");
        CHECK(fix::unified_diff("m.sql", before, after) ==
              "--- a/m.sql\n+++ b/m.sql\n"
              "@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n"
              "@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+line eighteen\n line 19\n line 20\n");
        CHECK(fix::unified_diff("m.sql", before, before).empty());
        CHECK(fix::unified_diff("m.sql", "a", "b") ==
              "--- a/m.sql\n+++ b/m.sql\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n");
    }
}

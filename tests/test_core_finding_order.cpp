// The order every reporter prints findings in: by path, then start, rule id,
// end and message; findings equal in all of those keep the order they came in.
#include <miglint/finding.hpp>
#include "pipeline/lint.hpp"

#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <vector>

using miglint::Finding;
using miglint::SourceText;

namespace {

// The order, spelled out the slow way, to hold sort_findings to.
bool reference_before(const Finding& a, const Finding& b) {
    return std::tie(a.path(), a.span.begin, a.rule, a.span.end, a.message) <
           std::tie(b.path(), b.span.begin, b.rule, b.span.end, b.message);
}

// `count` findings in files of random paths (two files share one path), runs
// of a file's findings adjacent as the history gives them, starts from a few
// values so that ties are common; `help` numbers them to tell ties apart.
std::vector<Finding> random_findings(std::mt19937& random, std::size_t count) {
    std::vector<std::shared_ptr<const SourceText>> files;
    for (const auto* path : {"b/002.sql", "a/010.sql", "b/001.sql", "a/010.sql", "c.sql"}) {
        files.push_back(std::make_shared<const SourceText>(path, std::string(200, 'x')));
    }
    const std::vector<std::string> rules = {"unnamed-constraint", "prefer-text", "require-timeout"};
    std::vector<Finding> findings;
    std::size_t file = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (random() % 4 == 0) file = random() % files.size();
        Finding f;
        f.source = files[file];
        f.span.begin = static_cast<std::uint32_t>(random() % 6);
        f.span.end = f.span.begin + static_cast<std::uint32_t>(random() % 3);
        f.rule = rules[random() % rules.size()];
        f.message = random() % 2 == 0 ? "m1" : "m2";
        f.help = std::to_string(i);
        findings.push_back(std::move(f));
    }
    return findings;
}

std::vector<std::string> identities(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.path() + "#" + f.help);
    return out;
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("sort_findings: the same order as a stable sort by path, start, rule, end and message") {
        std::mt19937 random(20261201);
        for (int round = 0; round < 300; ++round) {
            auto findings = random_findings(random, 1 + random() % 60);
            auto expected = findings;
            std::stable_sort(expected.begin(), expected.end(), reference_before);
            miglint::sort_findings(findings);
            REQUIRE(identities(findings) == identities(expected));
        }
    }

    TEST_CASE("sort_findings: sorted input and no findings are left as they are") {
        std::vector<Finding> none;
        miglint::sort_findings(none);
        CHECK(none.empty());
        std::mt19937 random(7);
        auto findings = random_findings(random, 40);
        std::stable_sort(findings.begin(), findings.end(), reference_before);
        const auto before = identities(findings);
        miglint::sort_findings(findings);
        CHECK(identities(findings) == before);
    }

    TEST_CASE("sort_findings: sorting part of the findings leaves the others where they are") {
        std::mt19937 random(11);
        auto findings = random_findings(random, 50);
        const auto before = identities(findings);
        miglint::sort_findings(std::span(findings).subspan(20, 10));
        auto expected = std::vector<Finding>(findings.begin() + 20, findings.begin() + 30);
        CHECK(std::is_sorted(expected.begin(), expected.end(), reference_before));
        const auto after = identities(findings);
        CHECK(std::equal(after.begin(), after.begin() + 20, before.begin()));
        CHECK(std::equal(after.begin() + 30, after.end(), before.begin() + 30));
    }
}

TEST_SUITE("core") {
    TEST_CASE("findings of one rule at one place are one finding that names the others") {
        miglint::testing::TempDir tmp;
        tmp.write("versions/a.py",
                  "revision = 'a'\ndown_revision = None\nfrom alembic import op\n\n"
                  "def upgrade():\n    for table in ['orders', 'invoices', 'refunds']:\n"
                  "        op.drop_column(table, 'legacy_id')\n\ndef downgrade():\n    pass\n");
        tmp.write("sql/0001_x.sql", "DROP TABLE legacy_a, legacy_b;\n");
        miglint::Settings settings;
        settings.select = {"drop-column", "drop-table"};
        const auto output = miglint::lint_paths({tmp.path().string()}, settings);
        REQUIRE(output.findings.size() == 2);
        const auto drop_column = std::find_if(output.findings.begin(), output.findings.end(),
                                              [](const Finding& f) { return f.rule == "drop-column"; });
        REQUIRE(drop_column != output.findings.end());
        // The first in sort order keeps its message; the loop's other tables are named after it.
        CHECK(drop_column->message.find("dropping column `invoices.legacy_id`") == 0);
        CHECK(drop_column->message.find("(and 2 more at this place: `orders.legacy_id`, `refunds.legacy_id`)") !=
              std::string::npos);
        // DROP TABLE a, b: one statement, one finding that names both tables.
        const auto drop_table = std::find_if(output.findings.begin(), output.findings.end(),
                                             [](const Finding& f) { return f.rule == "drop-table"; });
        REQUIRE(drop_table != output.findings.end());
        CHECK(drop_table->message.find("`legacy_a`") != std::string::npos);
        CHECK(drop_table->message.find("(and 1 more at this place: `legacy_b`)") != std::string::npos);
    }
}

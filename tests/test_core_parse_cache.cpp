// The parse cache the language server lints through: a lint that reuses
// parses prints exactly what a lint from scratch prints, parses only the files
// whose text changed, and forgets files no lint reads any more.
#include "pipeline/source_overlay.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"
#include <miglint/parse_cache.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace {

using miglint::testing::TempDir;

// A history whose later files' findings depend on the earlier ones: each
// table is created in one file and indexed and altered in the next two.
void write_history(const TempDir& tmp, const std::string& dir, int count) {
    miglint::testing::write_dependent_history(tmp, dir, count, 100, false);
    tmp.write(dir + "/200_rev.py",
              "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"r1\"\ndown_revision = None\n\n\n"
              "def upgrade():\n    op.add_column(\"t0\", sa.Column(\"flag\", sa.Boolean(), nullable=False))\n");
    tmp.write(dir + "/300_helpers.py", "def helper():\n    return 1\n");  // no revision: skipped, and cached as such
}

std::string rendered(const miglint::LintOutput& output) {
    miglint::report::ReportOptions options;
    options.docs_dir.clear();
    options.include_suppressed = true;
    return *miglint::report::render("json", output, options) + *miglint::report::render("text", output, options);
}

miglint::Settings all_rules(unsigned jobs) {
    miglint::Settings settings;
    settings.select = {"all"};
    settings.jobs = jobs;
    return settings;
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("a lint through the parse cache prints what a lint from scratch prints, and reuses every unchanged file") {
        const TempDir tmp;
        write_history(tmp, "v", 18);
        const std::vector<std::string> folder{(tmp.path() / "v").string()};
        for (const unsigned jobs : {1U, 3U}) {
            CAPTURE(jobs);
            const auto settings = all_rules(jobs);
            const auto fresh = rendered(miglint::lint_paths(folder, settings));
            REQUIRE(fresh.find("non-concurrent-index") != std::string::npos);
            miglint::ParseCache cache;
            CHECK(rendered(miglint::lint_paths(folder, settings, {}, cache)) == fresh);
            CHECK(cache.last_lint().parsed == 20);
            CHECK(cache.last_lint().reused == 0);
            CHECK(cache.size() == 20);
            // The lint frees the operations it has checked: the cache's own copies must be untouched.
            for (int again = 0; again < 2; ++again) {
                CHECK(rendered(miglint::lint_paths(folder, settings, {}, cache)) == fresh);
                CHECK(cache.last_lint().parsed == 0);
                CHECK(cache.last_lint().reused == 20);
            }
        }
    }

    TEST_CASE("an edited buffer is parsed again, and the files after it are checked against the edit") {
        const TempDir tmp;
        write_history(tmp, "v", 9);
        const std::vector<std::string> folder{(tmp.path() / "v").string()};
        const auto settings = all_rules(2);
        miglint::ParseCache cache;
        const auto before = rendered(miglint::lint_paths(folder, settings, {}, cache));
        // t1 is created with its name already text: the later ALTER ... TYPE text is then flagged differently.
        const auto edited_path = miglint::overlay_key((tmp.path() / "v" / "103_step.sql").string());
        const miglint::SourceOverlay edited{
            {edited_path, "CREATE TABLE t1 (id bigint PRIMARY KEY, name text, n int);\nCREATE INDEX ON t1 (n);\n"}};
        const auto after_fresh = rendered(miglint::lint_paths(folder, settings, edited));
        REQUIRE(after_fresh != before);
        CHECK(rendered(miglint::lint_paths(folder, settings, edited, cache)) == after_fresh);
        CHECK(cache.last_lint().parsed == 1);
        CHECK(cache.last_lint().reused == 10);
        // Back to the text on disk: the cache holds the edit now, so that file is parsed once more.
        CHECK(rendered(miglint::lint_paths(folder, settings, {}, cache)) == before);
        CHECK(cache.last_lint().parsed == 1);
        CHECK(cache.last_lint().reused == 10);
    }

    TEST_CASE("files no lint has read for a while are forgotten, the others kept") {
        const TempDir tmp;
        write_history(tmp, "a", 3);
        write_history(tmp, "b", 6);
        const std::vector<std::string> a{(tmp.path() / "a").string()};
        const std::vector<std::string> b{(tmp.path() / "b").string()};
        const auto settings = all_rules(1);
        miglint::ParseCache cache;
        miglint::lint_paths(a, settings, {}, cache);
        for (std::uint64_t i = 1; i < miglint::ParseCache::k_kept_lints; ++i) miglint::lint_paths(b, settings, {}, cache);
        CHECK(cache.size() == 5 + 8);
        miglint::lint_paths(a, settings, {}, cache);  // still kept: nothing parsed again
        CHECK(cache.last_lint().reused == 5);
        for (std::uint64_t i = 0; i < miglint::ParseCache::k_kept_lints; ++i) miglint::lint_paths(b, settings, {}, cache);
        CHECK(cache.size() == 8);
        // A file deleted from the folder is no longer linted, and no longer kept once forgotten.
        std::filesystem::remove(tmp.path() / "b" / "100_step.sql");
        for (std::uint64_t i = 0; i < miglint::ParseCache::k_kept_lints; ++i) miglint::lint_paths(b, settings, {}, cache);
        CHECK(cache.last_lint().reused == 7);
        CHECK(cache.size() == 7);
    }

    TEST_CASE("a cached parse is found only for the same text and the same Alembic engines") {
        miglint::ParseCache cache;
        const auto source = std::make_shared<const miglint::SourceText>("/m/1.sql", "CREATE TABLE t (id int);");
        cache.parsed({source, {"postgresql"}, miglint::parse_migration(source)});
        CHECK(cache.find("/m/1.sql", "CREATE TABLE t (id int);", {"postgresql"}) != nullptr);
        CHECK(cache.find("/m/1.sql", "CREATE TABLE t (id bigint);", {"postgresql"}) == nullptr);
        CHECK(cache.find("/m/1.sql", "CREATE TABLE t (id int);", {"engine1"}) == nullptr);
        CHECK(cache.find("/m/2.sql", "CREATE TABLE t (id int);", {"postgresql"}) == nullptr);
    }
}

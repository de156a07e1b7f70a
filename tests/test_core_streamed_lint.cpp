// An all-SQL set is checked while it is parsed (pipeline/check_while_parsing.cpp);
// that schedule must give exactly what checking the parsed history in runs
// gives, which the parse cache's lint still uses: the same findings, errors,
// notes and file count, for any thread count, with up and down files joined
// as the whole set joins them.
#include "pipeline/discover.hpp"
#include "pipeline/file_layout.hpp"
#include "pipeline/history_order.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"
#include <miglint/parse_cache.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using miglint::testing::TempDir;

// More files than the streamed lint parses between two checks, named so that
// natural order (9 before 10) is not the order of their paths.
void write_history(const TempDir& tmp, const std::string& dir, int count) {
    miglint::testing::write_dependent_history(tmp, dir, count, 0, true);
}

// Every layout that keeps the two directions apart, with the cases pairing
// must get right, and a used and an unused suppression.
void write_paired_layouts(const TempDir& tmp) {
    // golang-migrate: a pair, an up file whose down file is missing, a down file with no up file,
    // and an up file whose goose markers make it a file of its own.
    tmp.write("golang/0001_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    tmp.write("golang/0001_users.down.sql", "DROP TABLE users;\n");
    tmp.write("golang/0002_email.up.sql", "ALTER TABLE users ADD COLUMN email text NOT NULL;\n");
    tmp.write("golang/0003_orphan.down.sql", "DROP TABLE nothing;\n");
    tmp.write("golang/0004_goose.up.sql",
              "-- +goose Up\nCREATE INDEX users_email ON users (email);\n-- +goose Down\nDROP INDEX users_email;\n");
    tmp.write("golang/0004_goose.down.sql", "SELECT 1;\n");
    // diesel: <version>/up.sql and down.sql, the set being the folder above.
    tmp.write("diesel/2024-01-01-000000_create/up.sql", "CREATE TABLE posts (id bigint PRIMARY KEY, title text);\n");
    tmp.write("diesel/2024-01-01-000000_create/down.sql", "DROP TABLE posts;\n");
    tmp.write("diesel/2024-02-01-000000_title/up.sql",
              "-- miglint: ignore no-such-rule\nALTER TABLE posts ALTER COLUMN title SET NOT NULL;\n");
    // Flyway: undo files sort before every versioned one, repeatable ones after.
    tmp.write("flyway/V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, kind text);\n");
    tmp.write("flyway/U1__accounts.sql", "DROP TABLE accounts;\n");
    tmp.write("flyway/V2__kind.sql",
              "-- miglint: ignore non-concurrent-index\nCREATE INDEX accounts_kind ON accounts (kind);\n");
    tmp.write("flyway/R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM accounts;\n");
}

std::string rendered(const miglint::LintOutput& output) {
    miglint::report::ReportOptions options;
    options.docs_dir.clear();
    options.include_suppressed = true;
    std::string all =
        *miglint::report::render("json", output, options) + *miglint::report::render("text", output, options);
    for (const auto& note : output.notes) all += "note: " + note + "\n";
    return all + "files: " + std::to_string(output.files_linted) + "\n";
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("an all-SQL set checked while it is parsed gives what checking its parsed history gives") {
        const TempDir tmp;
        write_history(tmp, "plain", 150);
        write_history(tmp, "plain/nested", 7);
        write_paired_layouts(tmp);
        tmp.write("big/0001_big.sql", std::string(300, '-') + "\n");  // over the size limit below: an error
        tmp.write("other/0001_mysql.sql", "ALTER TABLE t MODIFY COLUMN c int;\n");
        // A set whose only down file cannot be read still writes down files: both schedules pair from the names.
        tmp.write("unread/0001_a.up.sql", "CREATE TABLE a (id int);\n");
        tmp.write("unread/0001_a.down.sql", std::string(300, '-') + "\n");
        tmp.write("unread/0002_b.up.sql", "CREATE TABLE b (id int);\n");
        miglint::Settings settings;
        settings.select = {"all"};
        settings.max_file_bytes = 200;
        settings.non_postgres_paths = {"*/other/*"};
        settings.jobs = 1;
        const std::vector<std::string> root{tmp.path().string()};
        miglint::ParseCache cache;  // a lint through the cache checks the parsed history
        const auto expected = rendered(miglint::lint_paths(root, settings, {}, cache));
        REQUIRE(expected.find("non-concurrent-index") != std::string::npos);
        REQUIRE(expected.find("0001_big.sql") != std::string::npos);
        REQUIRE(expected.find("matches non-postgres-paths") != std::string::npos);
        REQUIRE(expected.find("\"suppressed\": true") != std::string::npos);
        REQUIRE(expected.find("unused-suppression") != std::string::npos);
        REQUIRE(expected.find("has no `0002_b.down.sql`") != std::string::npos);
        for (const unsigned jobs : {1U, 2U, 3U, 8U}) {
            CAPTURE(jobs);
            settings.jobs = jobs;
            CHECK(rendered(miglint::lint_paths(root, settings)) == expected);
        }
    }

    TEST_CASE("a down file is joined to its up file wherever the history puts either") {
        // Flyway's U1 sorts first and V1 last: U1 is checked only once V1 is parsed.
        const TempDir tmp;
        write_history(tmp, "f", 70);
        tmp.write("f/U1__t.sql", "DROP TABLE t0;\n");
        tmp.write("f/V9999__t.sql", "SELECT 1;\n");
        tmp.write("f/V1__t.sql", "ALTER TABLE t0 ADD COLUMN z int NOT NULL;\n");
        miglint::Settings settings;
        settings.select = {"all"};
        const std::vector<std::string> root{tmp.path().string()};
        miglint::ParseCache cache;
        const auto expected = rendered(miglint::lint_paths(root, settings, {}, cache));
        for (const unsigned jobs : {1U, 2U}) {
            settings.jobs = jobs;
            CHECK(rendered(miglint::lint_paths(root, settings)) == expected);
        }
    }

    TEST_CASE("the history order of SQL paths read from their names is the order of the parsed migrations") {
        const std::vector<std::string> paths{"/m/b/10_x.sql",     "/m/b/9_x.sql",       "/m/a/R__v.sql",
                                             "/m/a/V2__x.sql",    "/m/a/V10__x.sql",    "/m/a/U2__x.sql",
                                             "/m/d/2_x/up.sql",   "/m/d/10_x/down.sql", "/m/d/10_x/up.sql",
                                             "/m/d/2_x/down.sql", "/m/c.sql",           "/m/a.sql"};
        std::vector<miglint::Migration> migrations;
        for (const auto& path : paths) {
            migrations.push_back(*miglint::parse_migration(std::make_shared<const miglint::SourceText>(path, "")));
        }
        miglint::order_migrations(migrations);
        std::vector<std::string> parsed_order;
        for (const auto& m : migrations) parsed_order.push_back(m.path());
        std::vector<miglint::FileLayout> layouts;
        for (const auto& path : paths) layouts.push_back(miglint::classify_layout(path));
        std::vector<miglint::HistoryEntry> entries;
        for (std::size_t i = 0; i < paths.size(); ++i) {
            entries.push_back({paths[i], &layouts[i], miglint::replay_group(paths[i], layouts[i]), nullptr});
        }
        std::vector<std::string> path_order;
        for (const auto i : miglint::history_order(entries)) path_order.push_back(paths[i]);
        CHECK(path_order == parsed_order);
        CHECK(path_order.front() == "/m/a.sql");
    }
}

#include "pipeline/file_layout.hpp"
#include "pipeline/history_order.hpp"
#include "sql/sql_layout.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace miglint;
using miglint::NameLayout;
using miglint::testing::TempDir;

namespace {

// The file names of `dir`'s migrations in the order miglint replays them.
std::vector<std::string> order_of(const std::filesystem::path& dir) {
    std::vector<Migration> migrations;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        if (auto m = parse_migration(std::make_shared<const SourceText>(entry.path().string(), text.str()))) {
            migrations.push_back(std::move(*m));
        }
    }
    order_migrations(migrations);
    std::vector<std::string> names;
    for (const auto& m : migrations) names.push_back(std::filesystem::relative(m.path(), dir).string());
    return names;
}

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("classify_layout splits a path as std::filesystem does, odd separators included") {
        for (const std::string path : {"x/0001/up.sql", "/up.sql", "up.sql", "a//0002/up.sql", "a/0003//up.sql", "./m/7/down.sql",
                                       "db//V3__x.sql", "/V4__y.sql", "m/5_z.up.sql", "6_w.down.sql"}) {
            CAPTURE(path);
            const std::filesystem::path p(path);
            const auto folder = p.parent_path().string();
            const auto name = classify_layout(path);
            if (name.layout == NameLayout::up_in_dir || name.layout == NameLayout::down_in_dir) {
                CHECK(name.pair_key == folder);
                CHECK(name.version == p.parent_path().filename().string());
            } else if (name.layout == NameLayout::flyway_versioned) {
                CHECK(name.pair_key == folder + "/V" + name.version);
            } else {
                const auto file = p.filename().string();
                CHECK(name.pair_key == folder + "/" + file.substr(0, file.find(".up.sql") != std::string::npos ? file.find(".up.sql") : file.find(".down.sql")));
            }
        }
    }

    TEST_CASE("classify_layout reads each runner's naming scheme") {
        auto v = classify_layout("db/V1_2__add_users.sql");
        CHECK(v.layout == NameLayout::flyway_versioned);
        CHECK(v.version == "1.2");
        const auto u = classify_layout("db/U1_2__add_users.sql");
        CHECK(u.layout == NameLayout::flyway_undo);
        CHECK(u.pair_key == v.pair_key);
        CHECK(u.is_down());
        CHECK(classify_layout("db/R__views.sql").layout == NameLayout::flyway_repeatable);

        const auto up = classify_layout("m/20240101120000_add_email.up.sql");
        const auto down = classify_layout("m/20240101120000_add_email.down.sql");
        CHECK(up.layout == NameLayout::up_file);
        CHECK(down.layout == NameLayout::down_file);
        CHECK(up.version == "20240101120000");
        CHECK(up.pair_key == down.pair_key);

        const auto dir_up = classify_layout("migrations/2024-01-01-000000_create/up.sql");
        CHECK(dir_up.layout == NameLayout::up_in_dir);
        CHECK(dir_up.version == "2024-01-01-000000_create");
        CHECK(dir_up.pair_key == classify_layout("migrations/2024-01-01-000000_create/down.sql").pair_key);

        const auto plain = classify_layout("sql/0007_add_index.sql");
        CHECK(plain.layout == NameLayout::plain);
        CHECK(plain.version == "0007");
        CHECK_FALSE(plain.pairs_files());
        CHECK(classify_layout("sql/2fa_tokens.sql").version.empty());

        // Prisma: each migration in a <timestamp>_<name> folder, replayed as one set in the folder above.
        const auto prisma = classify_layout("prisma/migrations/20230101120000_init/migration.sql");
        CHECK(prisma.layout == NameLayout::prisma_in_dir);
        CHECK(prisma.version == "20230101120000_init");
        CHECK_FALSE(prisma.pairs_files());
        CHECK(prisma.set_folder == "prisma/migrations");
        CHECK(sql::runner_for(prisma.layout) == miglint::RunnerTransaction::single_query);
        CHECK(classify_layout("db/init/migration.sql").layout == NameLayout::plain);
    }

    TEST_CASE("Prisma migrations replay as one history: a table from an earlier folder is known") {
        miglint::testing::TempDir tmp;
        tmp.write("migrations/20230101000000_init/migration.sql", "CREATE TABLE \"User\" (id int, email text);\n");
        tmp.write("migrations/20230201000000_email/migration.sql",
                  "ALTER TABLE \"User\" ALTER COLUMN email SET NOT NULL;\n");
        miglint::Settings settings;
        settings.select = {"set-not-null-scan"};
        const auto output = miglint::lint_paths({(tmp.path() / "migrations").string()}, settings);
        // The table exists before the second migration: setting NOT NULL scans it under ACCESS EXCLUSIVE.
        REQUIRE(output.findings.size() == 1);
        CHECK(output.findings[0].path().find("20230201000000_email") != std::string::npos);
    }

    TEST_CASE("sql::find_direction_markers splits goose and dbmate files by their markers") {
        const std::string goose = "-- header\n-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n";
        const auto g = sql::find_direction_markers(goose);
        CHECK(g.style == sql::MarkerStyle::goose);
        CHECK(goose.substr(g.up.begin, g.up.end - g.up.begin) == "CREATE TABLE a (id int);\n");
        REQUIRE(g.down);
        CHECK(goose.substr(g.down->begin, g.down->end - g.down->begin) == "DROP TABLE a;\n");
        CHECK_FALSE(g.no_transaction);
        CHECK(sql::find_direction_markers("-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n").no_transaction);

        const auto d = sql::find_direction_markers("-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\n");
        CHECK(d.style == sql::MarkerStyle::dbmate);
        CHECK(d.no_transaction);
        REQUIRE(d.down);
        CHECK(d.down->begin == d.down->end);
        CHECK(sql::find_direction_markers("CREATE TABLE a (id int);\n").style == sql::MarkerStyle::none);
    }

    TEST_CASE("a goose file's Down section is its downgrade, with spans and lines of the whole file") {
        const std::string text = "-- +goose Up\nCREATE TABLE a (id int);\n\n-- +goose Down\nDROP TABLE a;\n";
        const auto m = parse_migration(std::make_shared<const SourceText>("db/00001_a.sql", text));
        REQUIRE(m);
        REQUIRE(m->upgrade.size() == 1);
        CHECK(m->upgrade[0].kind() == OpKind::create_table);
        REQUIRE(m->downgrade.size() == 1);
        CHECK(m->downgrade[0].kind() == OpKind::drop_table);
        CHECK(m->source->position(m->downgrade[0].span.begin).line == 5);
        CHECK(m->runner == RunnerTransaction::per_file);
        CHECK(m->downgrade_shape == DowngradeShape::present);
    }

    TEST_CASE("replay order: Flyway versions numerically, repeatables last, <version>/up.sql by folder") {
        TempDir dir;
        dir.write("flyway/V10__c.sql", "SELECT 1;\n");
        dir.write("flyway/V2__b.sql", "SELECT 1;\n");
        dir.write("flyway/R__views.sql", "SELECT 1;\n");
        dir.write("flyway/V1_1__a.sql", "SELECT 1;\n");
        CHECK(order_of(dir.path() / "flyway") ==
              std::vector<std::string>{"V1_1__a.sql", "V2__b.sql", "V10__c.sql", "R__views.sql"});

        TempDir diesel;
        diesel.write("2024-02-01-000000_second/up.sql", "SELECT 1;\n");
        diesel.write("2024-01-01-000000_first/up.sql", "SELECT 1;\n");
        const auto order = order_of(diesel.path());
        REQUIRE(order.size() == 2);
        CHECK(order[0].starts_with("2024-01-01"));
    }

    TEST_CASE("replay order: folder by folder, SQL files by name, then revisions by their graph") {
        TempDir dir;
        dir.write("a/0010_y.sql", "SELECT 1;\n");
        dir.write("a/0002_x.sql", "SELECT 1;\n");
        dir.write("a/0001_z.sql", "SELECT 1;\n");
        const auto revision = [](const char* id, const char* down) {
            return std::string("revision = '") + id + "'\ndown_revision = " + down + "\n\ndef upgrade():\n    pass\n";
        };
        dir.write("b/ccc_first.py", revision("r1", "None"));
        dir.write("b/aaa_second.py", revision("r2", "'r1'"));
        dir.write("b/bbb_third.py", revision("r3", "'r2'"));
        dir.write("b/0005_sql.sql", "SELECT 1;\n");
        CHECK(order_of(dir.path()) == std::vector<std::string>{"a/0001_z.sql", "a/0002_x.sql", "a/0010_y.sql", "b/0005_sql.sql",
                                                               "b/ccc_first.py", "b/aaa_second.py", "b/bbb_third.py"});
    }

    TEST_CASE("a down file is never linted as an upgrade, paired or not") {
        TempDir dir;
        dir.write("m/0001_a.up.sql", "CREATE TABLE a (id int);\n");
        dir.write("m/0001_a.down.sql", "DROP TABLE a;\n");
        dir.write("m/0002_orphan.down.sql", "DROP TABLE b;\n");
        Settings settings;
        settings.select = {"drop-table"};
        const auto output = lint_paths({dir.path().string()}, settings);
        CHECK(output.errors.empty());
        CHECK(output.findings.empty());
        CHECK(output.files_linted == 3);
    }

    TEST_CASE("assume-in-transaction = false overrides a layout that wraps files") {
        TempDir dir;
        // Flyway runs this file in a transaction: it holds a statement besides the CONCURRENTLY one.
        dir.write("db/V2__index.sql", "CREATE TABLE t2 (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
        Settings settings;
        settings.select = {"concurrent-index-in-transaction"};
        CHECK(lint_paths({dir.path().string()}, settings).findings.size() == 1);
        settings.sql_runner = RunnerTransaction::none;
        CHECK(lint_paths({dir.path().string()}, settings).findings.empty());
    }
}

TEST_SUITE("sql") {
    TEST_CASE("pop's Go template actions read as an identifier of the same length; .autocommit runs outside a transaction") {
        std::string text = "CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int);\n-- {{ unclosed\n";
        const auto before = text.size();
        CHECK(sql::blank_go_templates(text));
        CHECK(text.size() == before);
        CHECK(text.starts_with("CREATE TABLE namespace                       .users (id int);"));
        CHECK(text.ends_with("-- {{ unclosed\n"));  // an action must close on its line
        std::string plain = "SELECT '{}';\n";
        CHECK_FALSE(sql::blank_go_templates(plain));

        const auto autocommit = classify_layout("m/20250708_x.cockroach.autocommit.up.sql");
        CHECK(autocommit.autocommit);
        CHECK(autocommit.dialect == "cockroach");
        CHECK(classify_layout("m/20250708_x.autocommit.up.sql").dialect.empty());

        miglint::testing::TempDir tmp;
        tmp.write("m/0001_users.up.sql", "CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int, email text);\n");
        tmp.write("m/0002_email.up.sql",
                  "CREATE INDEX users_email_idx ON {{ index .Options \"Namespace\" }}.users (email);\n");
        miglint::Settings settings;
        settings.select = {"syntax-error", "non-concurrent-index"};
        const auto output = miglint::lint_paths({(tmp.path() / "m").string()}, settings);
        REQUIRE(output.findings.size() == 1);
        CHECK(output.findings[0].rule == "non-concurrent-index");
        CHECK(output.findings[0].message.find("`namespace.users`") != std::string::npos);
    }
}

TEST_SUITE("sql") {
    TEST_CASE("files that never run on PostgreSQL are named in the notes; pop's .autocommit file is one query string") {
        miglint::testing::TempDir tmp;
        tmp.write("m/0001_a.up.sql", "CREATE TABLE a (id int) ENGINE=InnoDB;\n");
        tmp.write("m/0001_a.postgres.up.sql", "CREATE TABLE a (id int);\n");
        tmp.write("m/0001_a.mysql.up.sql", "CREATE TABLE a (id int) ENGINE=InnoDB;\n");
        // One Exec of the whole text: two statements share an implicit transaction, where CONCURRENTLY fails.
        tmp.write("m/0002_idx.autocommit.up.sql", "CREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY b_idx ON b (id);\n");
        // temporal's schema tool runs only what the version's manifest lists.
        tmp.write("m/v1.0/manifest.json", "{\"CurrVersion\": \"1.0\", \"SchemaUpdateCqlFiles\": [\"listed.sql\"]}\n");
        tmp.write("m/v1.0/listed.sql", "CREATE TABLE c (id int);\n");
        tmp.write("m/v1.0/unlisted.sql", "CREATE TABLE d (id int) ENGINE=InnoDB;\n");
        miglint::Settings settings;
        settings.select = {"syntax-error", "concurrent-index-in-transaction"};
        const auto output = miglint::lint_paths({(tmp.path() / "m").string()}, settings);
        REQUIRE(output.findings.size() == 1);
        CHECK(output.findings[0].rule == "concurrent-index-in-transaction");
        CHECK(output.findings[0].path().ends_with("0002_idx.autocommit.up.sql"));
        const auto noted = [&](std::string_view path_end, std::string_view words) {
            return std::any_of(output.notes.begin(), output.notes.end(), [&](const std::string& note) {
                return note.find(path_end) != std::string::npos && note.find(words) != std::string::npos;
            });
        };
        CHECK(noted("0001_a.up.sql:", "replaces it on PostgreSQL"));
        CHECK(noted("0001_a.mysql.up.sql:", "written for MySQL"));
        CHECK(noted("manifest.json:", "does not list unlisted.sql"));
        CHECK_FALSE(noted("listed.sql", "does not list listed.sql"));
        CHECK(output.graph_only.at("unlisted file") == 1);
    }
}

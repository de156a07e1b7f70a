// --database-url against a real PostgreSQL 15 server that the test starts on
// loopback (tests/pg_test_server.hpp). Without a server to start, the suite
// says "database: SKIPPED" (ctest reports it skipped), except under CI=true,
// where that is a failure.
#include "pg_test_server.hpp"
#include "pipeline/database_stats.hpp"
#include "pipeline/table_sizes.hpp"

#include "pipeline/lint.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

using namespace miglint;
using miglint::testing::PgServerOptions;
using miglint::testing::PgTestServer;

namespace {

bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string_view(ci) == "true";
}

LintOutput lint_index_on(const std::string& table, const std::string& url) {
    Settings settings;
    settings.select = {"non-concurrent-index"};
    settings.large_table_rows = 100'000;
    settings.database_url = url;
    return lint_text("m.sql", "CREATE INDEX ix ON " + table + " (id);\n", settings);
}

}  // namespace

TEST_SUITE("database") {
    TEST_CASE("--database-url reads table sizes live and escalates lock findings on large tables") {
        auto server = PgTestServer::start(PgServerOptions{.tcp = true});
        if (!server) {
            if (in_ci()) FAIL("cannot start PostgreSQL under CI=true: " << server.error().display());
            std::cout << "database: SKIPPED: " << server.error().display() << "\n";
            return;
        }
        const auto setup = (*server)->run_sql(
            "CREATE TABLE events (id bigint, payload text);"
            "INSERT INTO events SELECT g, 'x' FROM generate_series(1, 250000) g;"
            "CREATE SCHEMA app;"
            "CREATE TABLE app.settings (id bigint);"
            "INSERT INTO app.settings VALUES (1), (2), (3);"
            "ANALYZE;");
        REQUIRE_MESSAGE(setup, (setup ? "" : setup.error().display()));

        std::optional<PgVersion> version;
        const auto rows = read_database_stats((*server)->url(), {}, &version);
        REQUIRE_MESSAGE(rows, (rows ? "" : rows.error().display()));
        REQUIRE(version.has_value());
        CHECK(version->major == 15);  // the test server is Debian 12's PostgreSQL 15
        CHECK(rows->at("events") > 200'000);
        CHECK(rows->at("app.settings") == 3);

        const auto large = lint_index_on("events", (*server)->url());
        CHECK(large.errors.empty());
        REQUIRE(large.findings.size() == 1);
        CHECK(large.findings[0].severity == Severity::error);
        CHECK(large.findings[0].message.find("a large table, about ") != std::string::npos);

        const auto small = lint_index_on("app.settings", (*server)->url());
        REQUIRE(small.findings.size() == 1);
        CHECK(small.findings[0].severity == Severity::warning);
    }

    TEST_CASE("the server's version is used when no pg-version is configured, within 10 to 18") {
        Settings by_default;
        use_server_version(by_default, PgVersion{17, 2});
        CHECK(by_default.pg_version == PgVersion{17, 2});
        CHECK(by_default.pg_version_from == PgVersionFrom::database);
        Settings configured;
        configured.pg_version = {14, 0};
        configured.pg_version_from = PgVersionFrom::config;
        use_server_version(configured, PgVersion{17, 2});
        CHECK(configured.pg_version == PgVersion{14, 0});
        Settings newer;
        use_server_version(newer, PgVersion{19, 1});
        CHECK(newer.pg_version.major == 18);
        Settings older;
        use_server_version(older, PgVersion{9, 6});
        CHECK(older.pg_version == PgVersion{10, 0});
        Settings unknown;
        use_server_version(unknown, std::nullopt);
        CHECK(unknown.pg_version_from == PgVersionFrom::default_version);
    }
}

#include "pipeline/table_stats.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

using namespace miglint;
using miglint::testing::TempDir;

namespace {

const std::string k_stats = R"([
  {"schema": "public", "table": "events", "rows": 5000000, "bytes": 1},
  {"schema": "app", "table": "audit_log", "rows": 20},
  {"table": "never_analyzed", "rows": -1}
])";

LintOutput lint_index_on(const std::string& table, Settings settings) {
    settings.select = {"non-concurrent-index"};
    return lint_text("m.sql", "CREATE INDEX ix ON " + table + " (created_at);\n", settings);
}

}  // namespace

TEST_SUITE("schema") {
    TEST_CASE("table statistics: rows per table, keyed as the schema state spells names") {
        const auto rows = parse_table_stats(k_stats, "stats.json");
        REQUIRE(rows);
        CHECK(rows->at("events") == 5000000);
        CHECK(rows->at("app.audit_log") == 20);
        CHECK(rows->count("never_analyzed") == 0);
        const auto empty = parse_table_stats("null", "stats.json");
        REQUIRE(empty);
        CHECK(empty->empty());
    }

    TEST_CASE("table statistics: a file that is not valid JSON is an error with its line and column") {
        const auto broken = parse_table_stats("[\n  {\"table\": \"a\", \"rows\": 1},\n  {\"table\": }\n]", "stats.json");
        REQUIRE_FALSE(broken);
        CHECK(broken.error().path == "stats.json");
        REQUIRE(broken.error().where);
        CHECK(broken.error().where->line == 3);
        const auto shape = parse_table_stats(R"({"events": 1})", "stats.json");
        REQUIRE_FALSE(shape);
        CHECK(shape.error().message.find("expected a JSON array") != std::string::npos);
        const auto rows = parse_table_stats(R"([{"table": "a", "rows": "many"}])", "stats.json");
        REQUIRE_FALSE(rows);
        CHECK(rows.error().message.find("entry 1") != std::string::npos);
    }

    TEST_CASE("a lock finding on a table the statistics call large is an error that names its size") {
        TempDir dir;
        Settings settings;
        settings.table_stats_path = dir.write("stats.json", k_stats).string();
        const auto large = lint_index_on("events", settings);
        REQUIRE(large.findings.size() == 1);
        CHECK(large.findings[0].severity == Severity::error);
        CHECK(large.findings[0].message.find("about 5,000,000 rows") != std::string::npos);
        const auto small = lint_index_on("app.audit_log", settings);
        REQUIRE(small.findings.size() == 1);
        CHECK(small.findings[0].severity == Severity::warning);
        CHECK(small.errors.empty());
    }

    TEST_CASE("a table listed in large-tables stays large whatever the statistics say") {
        TempDir dir;
        Settings settings;
        settings.table_stats_path = dir.write("stats.json", k_stats).string();
        settings.large_tables["app.audit_log"] = std::nullopt;
        const auto output = lint_index_on("app.audit_log", settings);
        REQUIRE(output.findings.size() == 1);
        CHECK(output.findings[0].severity == Severity::error);
    }

    TEST_CASE("a broken statistics file or an unreachable database is an error, and the lint goes on") {
        TempDir dir;
        Settings settings;
        settings.table_stats_path = dir.write("stats.json", "{not json").string();
        const auto broken = lint_index_on("events", settings);
        REQUIRE(broken.errors.size() == 1);
        CHECK(broken.errors[0].path == settings.table_stats_path);
        CHECK(broken.findings.size() == 1);

        Settings unreachable;
        // Port 1 on loopback: nothing listens there, so the refusal is immediate.
        unreachable.database_url = "postgresql://miglint:secret@127.0.0.1:1/none";
        const auto refused = lint_index_on("events", unreachable);
        REQUIRE(refused.errors.size() == 1);
        CHECK(refused.errors[0].message.find("refused the connection or is unreachable") != std::string::npos);
        CHECK(refused.errors[0].message.find("secret") == std::string::npos);
        CHECK(refused.findings.size() == 1);
    }
}

TEST_SUITE("schema") {
    TEST_CASE("a table statistics file that is not valid JSON is an error that does not quote it") {
        const auto broken = parse_table_stats("[{\"table\": \"a\", \"rows\": 1}, root:$6$s3cret]", "stats.json");
        REQUIRE_FALSE(broken);
        CHECK(broken.error().display() == "stats.json:1:30: table statistics are not valid JSON");
    }

    TEST_CASE("table statistics are read from a regular file only, within a size limit") {
        TempDir dir;
        // A device that never ends, and a FIFO no one writes: errors at once, neither read nor waited on.
        const auto zero = read_table_stats("/dev/zero");
        REQUIRE_FALSE(zero);
        CHECK(zero.error().message ==
              "cannot read table statistics file: not a regular file (FIFO, socket or device): not read");
        const auto fifo = (dir.path() / "stats.fifo").string();
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        const auto from_fifo = read_table_stats(fifo);
        REQUIRE_FALSE(from_fifo);
        CHECK(from_fifo.error().message.find("not a regular file") != std::string::npos);
        // A sparse file over the limit: refused from its size, not read.
        const auto big = dir.write("big.json", "[]").string();
        std::filesystem::resize_file(big, k_max_table_stats_bytes + 1);
        const auto too_big = read_table_stats(big);
        REQUIRE_FALSE(too_big);
        CHECK(too_big.error().message.find("over the limit of 67108864 bytes: not read") != std::string::npos);
        const auto missing = read_table_stats((dir.path() / "none.json").string());
        REQUIRE_FALSE(missing);
        CHECK(missing.error().message == "cannot read table statistics file: No such file or directory");
    }
}

// Parallel linting: the thread count changes how fast, never what is printed.
// The corpus is a history whose findings depend on earlier files (a table
// created in one file and indexed, altered or dropped in later ones), so work
// split between threads must still see the schema each file ran against.
#include "pipeline/guarded.hpp"
#include <miglint/parallel.hpp>
#include "report/report.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Writes `count` SQL migrations into `dir`: every fourth creates a table and an
// enum, the ones after it index, alter, suppress and drop what it created.
void write_sql_history(const miglint::testing::TempDir& tmp, const std::string& dir, int count) {
    for (int i = 0; i < count; ++i) {
        const auto t = "t" + std::to_string(i / 4);
        std::string sql = "-- step " + std::to_string(i) + "\n";
        switch (i % 4) {
            case 0:
                sql += "CREATE TYPE " + t + "_state AS ENUM ('a', 'b');\n"
                       "CREATE TABLE " + t + " (id bigint PRIMARY KEY, name varchar(40), state " + t + "_state);\n"
                       "CREATE INDEX " + t + "_name_idx ON " + t + " (name);\n";
                break;
            case 1:
                sql += "ALTER TABLE " + t + " ADD COLUMN owner_id bigint REFERENCES t0 (id);\n"
                       "-- miglint: ignore non-concurrent-index\n"
                       "CREATE INDEX " + t + "_owner_idx ON " + t + " (owner_id);\n"
                       "ALTER TABLE " + t + " ALTER COLUMN name SET NOT NULL;\n";
                break;
            case 2:
                sql += "UPDATE " + t + " SET name = 'x' WHERE name IS NULL;\n"
                       "ALTER TABLE " + t + " ALTER COLUMN name TYPE text;\n"
                       "ALTER TABLE " + t + " DROP COLUMN state;\n";
                break;
            default:
                sql += i % 7 == 0 ? "ALTER TABLE " + t + " ADD COLUMN broken;\n" : "ALTER TABLE " + t + " RENAME COLUMN name TO title;\n";
                if (i > 8) sql += "DROP TABLE t" + std::to_string(i / 4 - 2) + ";\n";
                break;
        }
        const auto number = std::to_string(1000 + i).substr(1);
        tmp.write(dir + "/" + number + "_step.sql", sql);
    }
}

// Writes a chain of `count` Alembic revisions into `dir`.
void write_alembic_chain(const miglint::testing::TempDir& tmp, const std::string& dir, int count) {
    for (int i = 0; i < count; ++i) {
        const auto rev = "rev" + std::to_string(i);
        const auto down = i == 0 ? std::string("None") : "\"rev" + std::to_string(i - 1) + "\"";
        std::string py = "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"" + rev + "\"\ndown_revision = " +
                         down + "\n\n\ndef upgrade():\n";
        py += "    op.create_table(\"a" + std::to_string(i) + "\", sa.Column(\"id\", sa.Integer(), primary_key=True))\n";
        if (i > 0) py += "    op.create_index(\"ix_a" + std::to_string(i - 1) + "\", \"a" + std::to_string(i - 1) + "\", [\"id\"])\n";
        if (i % 3 == 0) py += "    op.execute(\"ALTER TABLE a" + std::to_string(i) + " ADD COLUMN n int NOT NULL DEFAULT random()\")\n";
        if (i % 2 == 0) py += "\n\ndef downgrade():\n    op.drop_table(\"a" + std::to_string(i) + "\")\n";
        tmp.write(dir + "/" + std::to_string(100 + i) + "_" + rev + ".py", py);
    }
}

std::string rendered(const miglint::LintOutput& output, std::string_view format) {
    miglint::report::ReportOptions options;
    options.docs_dir.clear();
    options.include_suppressed = true;
    return *miglint::report::render(format, output, options);
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("lint_paths prints the same bytes with 1, 2, 3, 4 and 7 jobs over a multi-file history") {
        const miglint::testing::TempDir tmp;
        write_sql_history(tmp, "sql", 161);  // enough files for 7 jobs to cut it into 6 runs
        write_sql_history(tmp, "other/sql", 9);
        write_alembic_chain(tmp, "alembic/versions", 23);
        miglint::Settings settings;
        settings.select = {"all"};
        settings.jobs = 1;
        const auto single = miglint::lint_paths({tmp.path().string()}, settings);
        REQUIRE(single.files_linted == 193);
        REQUIRE(single.findings.size() > 100);
        const auto text = rendered(single, "text");
        const auto json = rendered(single, "json");
        for (const unsigned jobs : {2U, 3U, 4U, 7U}) {
            CAPTURE(jobs);
            settings.jobs = jobs;
            const auto parallel = miglint::lint_paths({tmp.path().string()}, settings);
            CHECK(rendered(parallel, "text") == text);
            CHECK(rendered(parallel, "json") == json);
        }
    }

    TEST_CASE("--jobs 1 and --jobs 4 write the same bytes on the command line") {
        const miglint::testing::TempDir tmp;
        write_sql_history(tmp, "sql", 40);
        write_alembic_chain(tmp, "versions", 12);
        const auto one = miglint::testing::run_cli({"--no-config", "--select", "all", "--color", "never", "--jobs", "1", tmp.path().string()});
        const auto four = miglint::testing::run_cli({"--no-config", "--select", "all", "--color", "never", "--jobs", "4", tmp.path().string()});
        CHECK(one.exit_code == 1);
        CHECK(four.exit_code == one.exit_code);
        CHECK(four.out == one.out);
        CHECK(four.err == one.err);
    }
}

TEST_SUITE("core") {
    TEST_CASE(
        "parallel_for: a throwing index stops no other, and the exception reaches the caller, not std::terminate") {
        for (const unsigned jobs : {1U, 4U}) {
            CAPTURE(jobs);
            std::vector<std::atomic<int>> done(64);
            const auto run = [&] {
                miglint::parallel_for(done.size(), jobs, [&](std::size_t i) {
                    if (i == 5) throw std::runtime_error("file 5 failed");
                    done[i] = 1;
                });
            };
            CHECK_THROWS_WITH_AS(run(), "file 5 failed", std::runtime_error);
            int count = 0;
            for (const auto& d : done) count += d.load();
            CHECK(count == 63);
        }
    }

    TEST_CASE("run_guarded turns what a file's work throws into an error naming the file") {
        CHECK_FALSE(miglint::run_guarded("a.sql", [] {}).has_value());
        const auto failed = miglint::run_guarded("a.sql", [] { throw std::out_of_range("basic_string::substr"); });
        REQUIRE(failed.has_value());
        CHECK(failed->display() == "a.sql: internal error while reading this file (basic_string::substr): not linted");
        const auto memory = miglint::run_guarded("b.py", [] { throw std::bad_alloc(); });
        REQUIRE(memory.has_value());
        CHECK(memory->display() == "b.py: internal error: out of memory while reading this file: not linted");
        const auto long_what =
            miglint::run_guarded("c.sql", [] { throw std::runtime_error(std::string(100000, 'x')); });
        REQUIRE(long_what.has_value());
        CHECK(long_what->message.size() < 300);
    }
}

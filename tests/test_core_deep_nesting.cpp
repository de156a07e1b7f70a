// Trees as deep as libpg_query will serialise (about 10,000 messages), built
// from chains the bracket guard does not count, parse without overflowing the
// stack: every thread that parses has a deep one (core/deep_stack_thread.hpp).
#include "run_binary.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using miglint::testing::BinaryRun;
using miglint::testing::run_binary;
using miglint::testing::TempDir;

namespace {

std::string repeat(const std::string& piece, int times) {
    std::string out;
    out.reserve(piece.size() * static_cast<std::size_t>(times));
    for (int i = 0; i < times; ++i) out += piece;
    return out;
}

// Just under libpg_query's serialisation limit for a two-message level (Node + NullTest):
// 4,995 levels of `IS NULL` overflowed an 8 MB stack in protobuf-c's unpacking.
constexpr int k_levels = 4990;

}  // namespace

TEST_SUITE("core") {
    TEST_CASE(
        "chains of IS NULL, ISNULL, IS TRUE, IN and OPERATOR nested 4990 deep parse in SQL and Alembic instead of "
        "crashing") {
        TempDir dir;
        const auto chain = [](const std::string& link) { return "1 " + repeat(link, k_levels); };
        dir.write("m/0001_is_null.sql", "SELECT " + chain("IS NULL ") + ";\n");
        dir.write("m/0002_isnull.sql", "SELECT " + chain("ISNULL ") + ";\n");
        dir.write("m/0003_notnull.sql", "SELECT " + chain("NOTNULL ") + ";\n");
        dir.write("m/0004_is_true.sql", "SELECT " + chain("IS NOT TRUE ") + ";\n");
        dir.write("m/0005_in.sql", "SELECT " + chain("IN (1) ") + ";\n");
        dir.write("m/0006_operator.sql", "SELECT " + chain("OPERATOR(pg_catalog.+) 1 ") + ";\n");
        dir.write("m/0007_check.sql", "CREATE TABLE t (a int CHECK (a " + repeat("IS NULL ", k_levels) + "));\n");
        dir.write("m/0008_default.sql",
                  "ALTER TABLE t ADD COLUMN b boolean DEFAULT (1 " + repeat("IS NULL ", k_levels) + ");\n");
        dir.write("m/0009_view.sql", "CREATE VIEW v AS SELECT " + chain("IS NULL ") + " AS x;\n");
        dir.write("m/0010_atomic.sql", "CREATE FUNCTION f() RETURNS boolean LANGUAGE sql BEGIN ATOMIC SELECT " +
                                           chain("IS NULL ") + "; END;\n");
        dir.write("m/0011_do.sql", "DO $$ BEGIN EXECUTE 'SELECT " + chain("IS NULL ") + "'; END $$;\n");
        // The file after them still gets its finding.
        dir.write("m/0012_index.sql", "CREATE INDEX t_a_idx ON t (a);\n");
        dir.write("alembic/versions/a1_deep.py",
                  "revision = 'a1'\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n"
                  "    op.execute(\"SELECT " +
                      chain("IS NULL ") +
                      "\")\n    op.create_index('t_b_idx', 't', ['b'])\n\n\n"
                      "def downgrade():\n    op.drop_index('t_b_idx')\n");
        for (const char* jobs : {"1", "2"}) {
            CAPTURE(jobs);
            const auto run = run_binary(
                BinaryRun{.args = {"--color", "never", "--jobs", jobs, "--select", "non-concurrent-index,syntax-error",
                                   (dir.path() / "m").string(), (dir.path() / "alembic").string()},
                          .timeout_seconds = 120});
            CHECK(run.exit_code == 1);  // findings; a crash is a signal, a hang -1
            CHECK(run.out.find("0012_index.sql:1:1: warning[non-concurrent-index]") != std::string::npos);
            CHECK(run.out.find("a1_deep.py:9:5: warning[non-concurrent-index]") != std::string::npos);
            CHECK(run.out.find("13 files checked") != std::string::npos);
        }
    }

    TEST_CASE("a chain past libpg_query's depth limit is a syntax-error at its statement, and the file goes on") {
        TempDir dir;
        const auto file = dir.write("0001_deeper.sql",
                                    "SELECT 1 " + repeat("IS NULL ", 6000) + ";\nCREATE INDEX t_a_idx ON t (a);\n");
        const auto run = run_binary(
            BinaryRun{.args = {"--color", "never", "--select", "non-concurrent-index,syntax-error", file.string()}});
        CHECK(run.exit_code == 1);
        CHECK(run.out.find("0001_deeper.sql:1:1: error[syntax-error] parse tree is nested too deeply") !=
              std::string::npos);
        CHECK(run.out.find("0001_deeper.sql:2:1: warning[non-concurrent-index]") != std::string::npos);
    }
}

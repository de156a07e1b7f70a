#include "sql/newer_syntax.hpp"
#include "sql/sql_frontend.hpp"

#include <miglint/pg_version.hpp>

#include <doctest/doctest.h>
#include <pg_query.h>

using namespace miglint;

namespace {

std::vector<Operation> lower(std::string_view sql) {
    auto lowered = sql::lower_sql(std::string(sql));
    for (const auto& d : lowered.diagnostics)
        CHECK_MESSAGE(d.rule == "requires-newer-postgres", d.rule << ": " << d.message);
    return std::move(lowered.operations);
}

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("sql: the parser reads PostgreSQL 18's grammar") {
        // The pinned libpg_query (docs/libpg_query.md); a build against an older one fails here, not in the field.
        CHECK(PG_VERSION_NUM >= 180000);
        for (const char* sql : {"ALTER TABLE t ADD CONSTRAINT c NOT NULL col NOT VALID",
                                "CREATE TABLE t (id int, CONSTRAINT t_id_not_null NOT NULL id)",
                                "ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) VIRTUAL",
                                "ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0) NOT ENFORCED", "SELECT * FROM (SELECT 1)",
                                "SET transaction_timeout = '1min'",
                                "SELECT * FROM JSON_TABLE('[1]'::jsonb, '$[*]' COLUMNS (x int PATH '$'))"}) {
            const auto lowered = sql::lower_sql(sql);
            for (const auto& d : lowered.diagnostics) CHECK_MESSAGE(d.rule != "syntax-error", sql << ": " << d.message);
        }
    }

    TEST_CASE("sql::lower_sql lowers PostgreSQL 18's NOT NULL constraints, virtual columns and NOT ENFORCED") {
        const auto ops = lower(
            "ALTER TABLE t ADD CONSTRAINT t_a_not_null NOT NULL a NOT VALID;"
            "CREATE TABLE n (id int, label text, CONSTRAINT n_label_not_null NOT NULL label);"
            "ALTER TABLE t ADD COLUMN v int GENERATED ALWAYS AS (a * 2), ADD COLUMN s int GENERATED ALWAYS AS (a * 3) "
            "STORED;"
            "ALTER TABLE t ADD CONSTRAINT k CHECK (a > 0) NOT ENFORCED, ADD CONSTRAINT j CHECK (a < 9);");
        REQUIRE(ops.size() == 6);
        const auto& not_null = ops[0].as<AddConstraint>().constraint;
        CHECK(not_null.kind == ConstraintKind::not_null);
        CHECK(not_null.name == "t_a_not_null");
        CHECK(not_null.columns == std::vector<std::string>{"a"});
        CHECK(not_null.not_valid);
        const auto& created = ops[1].as<CreateTable>();
        CHECK_FALSE(created.columns[0].not_null);
        CHECK(created.columns[1].not_null);
        CHECK(ops[2].as<AddColumn>().column.generated == Generated::virtual_);
        CHECK(ops[3].as<AddColumn>().column.generated == Generated::stored);
        CHECK(ops[4].as<AddConstraint>().constraint.not_enforced);
        CHECK_FALSE(ops[5].as<AddConstraint>().constraint.not_enforced);
    }

    TEST_CASE("sql::lower_sql dates newer syntax for requires-newer-postgres, once per construct and statement") {
        const auto lowered = sql::lower_sql(
            "SELECT 0x10, 0x20 FROM (SELECT 1);\n"
            "SELECT 1 +;\n"  // no release reads this: a syntax error, and the statement after it is still read
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE;\n");
        std::vector<std::pair<std::string, int>> found;
        for (const auto& d : lowered.diagnostics) found.emplace_back(d.rule, d.needs.major);
        CHECK(found == std::vector<std::pair<std::string, int>>{{"requires-newer-postgres", 16},
                                                                {"requires-newer-postgres", 16},
                                                                {"syntax-error", 0},
                                                                {"requires-newer-postgres", 15}});
    }

    TEST_CASE("pg_version_from_number reads server_version_num before and after PostgreSQL 10") {
        CHECK(pg_version_from_number("180001") == PgVersion{18, 1});
        CHECK(pg_version_from_number("150014") == PgVersion{15, 14});
        CHECK(pg_version_from_number("100023") == PgVersion{10, 23});
        CHECK(pg_version_from_number("90605") == PgVersion{9, 6});
        CHECK_FALSE(pg_version_from_number("18.1").has_value());
        CHECK_FALSE(pg_version_from_number("").has_value());
        CHECK(is_known_pg_version({10, 0}));
        CHECK(is_known_pg_version({18, 3}));
        CHECK_FALSE(is_known_pg_version({9, 6}));
        CHECK_FALSE(is_known_pg_version({19, 0}));
    }

    TEST_CASE(
        "sql::may_nest_newer_syntax walks the whole tree only when the text may hold an expression-level construct") {
        CHECK_FALSE(sql::may_nest_newer_syntax("CREATE TABLE t (id bigint NOT NULL, CONSTRAINT t_a CHECK (a > 0))"));
        CHECK_FALSE(sql::may_nest_newer_syntax("ALTER TABLE t ADD CONSTRAINT t_id_not_null NOT NULL id NOT VALID"));
        CHECK_FALSE(sql::may_nest_newer_syntax("UPDATE t SET a_1 = 10 WHERE b = 0"));
        CHECK(sql::may_nest_newer_syntax("UPDATE t SET a = 1 WHERE id IN (SELECT id FROM (select 1))"));
        CHECK(sql::may_nest_newer_syntax("INSERT INTO t VALUES (1)"));
        CHECK(sql::may_nest_newer_syntax("ALTER TABLE t ADD COLUMN c int DEFAULT 0x1F"));
        CHECK(sql::may_nest_newer_syntax("ALTER TABLE t ADD COLUMN c int DEFAULT 1_000"));
        CHECK(sql::may_nest_newer_syntax("ALTER TABLE t ADD CHECK (doc IS JSON)"));
        CHECK(sql::may_nest_newer_syntax("CREATE VIEW v AS WITH x AS MATERIALIZED (TABLE t) TABLE x"));
    }
}

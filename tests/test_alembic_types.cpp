#include "alembic/alembic_frontend.hpp"
#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

const std::string k_head =
    "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n"
    "revision = 'a1'\ndown_revision = None\n\n";

std::vector<ColumnDef> alembic_columns(const std::string& columns) {
    auto m = alembic::parse_revision(std::make_shared<const SourceText>(
        "v.py", k_head + "def upgrade():\n    op.create_table('t',\n" + columns + "    )\n"));
    REQUIRE(m);
    CHECK(m->diagnostics.empty());
    REQUIRE(!m->upgrade.empty());
    return m->upgrade.back().as<CreateTable>().columns;
}

std::vector<ColumnDef> sql_columns(const std::string& columns) {
    auto lowered = sql::lower_sql("CREATE TABLE t (" + columns + ")");
    REQUIRE(lowered.diagnostics.empty());
    REQUIRE(lowered.operations.size() == 1);
    return lowered.operations[0].as<CreateTable>().columns;
}

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("SQL and SQLAlchemy spellings of the same type lower to the same canonical name and modifiers") {
        const auto from_sql = sql_columns(
            "a integer, b smallint, c bigint, d varchar(50), e character varying(50), f char(2), g character(3),"
            " h timestamp, i timestamp without time zone, j timestamp with time zone, k timestamptz, l json,"
            " m jsonb, n char, o timestamp(3)");
        const auto from_alembic = alembic_columns(
            "        sa.Column('a', sa.Integer), sa.Column('b', sa.SmallInteger()), sa.Column('c', sa.BigInteger()),\n"
            "        sa.Column('d', sa.String(50)), sa.Column('e', sa.Unicode(length=50)), sa.Column('f', sa.CHAR(2)),\n"
            "        sa.Column('g', postgresql.CHAR(3)), sa.Column('h', sa.DateTime()), sa.Column('i', sa.TIMESTAMP()),\n"
            "        sa.Column('j', sa.DateTime(timezone=True)), sa.Column('k', sa.TIMESTAMP(timezone=True)),\n"
            "        sa.Column('l', sa.JSON), sa.Column('m', postgresql.JSONB()), sa.Column('n', sa.CHAR),\n"
            "        sa.Column('o', postgresql.TIMESTAMP(precision=3)),\n");
        REQUIRE(from_sql.size() == from_alembic.size());
        for (std::size_t i = 0; i < from_sql.size(); ++i) {
            CAPTURE(from_sql[i].name);
            CHECK(from_sql[i].type.name == from_alembic[i].type.name);
            CHECK(from_sql[i].type.modifiers == from_alembic[i].type.modifiers);
        }
        CHECK(from_sql[0].type.name == "int4");
        CHECK(from_sql[5].type.name == "bpchar");
        CHECK(from_sql[7].type.name == "timestamp");
        CHECK(from_sql[9].type.name == "timestamptz");
        CHECK(from_sql[11].type.name == "json");
        CHECK(from_sql[13].type.modifiers == std::vector<int>{1});
    }

    TEST_CASE("a SQL serial key and SQLAlchemy's autoincrementing integer key lower alike") {
        const auto from_sql = sql_columns("id serial PRIMARY KEY");
        const auto from_alembic = alembic_columns("        sa.Column('id', sa.Integer(), primary_key=True),\n");
        REQUIRE(from_sql.size() == 1);
        REQUIRE(from_alembic.size() == 1);
        CHECK(from_sql[0].type.name == "int4");
        CHECK(from_alembic[0].type.name == "int4");
        CHECK(from_sql[0].is_serial);
        CHECK(from_alembic[0].is_serial);
        CHECK(from_sql[0].primary_key == from_alembic[0].primary_key);
    }
}

#include "alembic/alembic_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

Migration parse(const std::string& text) {
    auto m = alembic::parse_revision(std::make_shared<const SourceText>("versions/sql.py", text));
    REQUIRE(m);
    return std::move(*m);
}

std::string revision(const std::string& module, const std::string& body) {
    return "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\n" + module + "\ndef upgrade():\n" + body;
}

// The text an operation's span covers.
std::string covered(const Migration& m, const Operation& op) { return std::string(m.source->slice(op.span)); }

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("op.execute lowers a string through the SQL front end with spans inside the literal") {
        const auto m = parse(revision("", "    op.execute(\"CREATE INDEX ix_a ON users (a); DROP TABLE old\")\n"));
        REQUIRE(m.upgrade.size() == 2);
        CHECK(m.upgrade[0].kind() == OpKind::create_index);
        CHECK(m.upgrade[0].from_sql_string);
        CHECK(covered(m, m.upgrade[0]) == "CREATE INDEX ix_a ON users (a)");
        CHECK(covered(m, m.upgrade[1]) == "DROP TABLE old");
        const auto pos = m.source->position(m.upgrade[1].span.begin);
        CHECK(pos.line == 6);
        CHECK(pos.column == 49);
        CHECK(m.upgrade[1].statement == m.upgrade[0].statement + 1);
    }

    TEST_CASE("embedded SQL spans stay exact across escapes") {
        const auto m = parse(revision("", "    op.execute(\"UPDATE t SET s = '\\\\n\\t' WHERE a = 1;\\nDROP TABLE \\\"Old\\\"\")\n"));
        REQUIRE(m.upgrade.size() == 2);
        CHECK(covered(m, m.upgrade[0]) == "UPDATE t SET s = '\\\\n\\t' WHERE a = 1");
        CHECK(covered(m, m.upgrade[1]) == "DROP TABLE \\\"Old\\\"");
        CHECK(m.upgrade[1].as<DropTable>().table.name == "Old");
    }

    TEST_CASE("embedded SQL spans map into triple-quoted and raw strings line by line") {
        const std::string text = revision("",
                                          "    op.execute(r\"\"\"\n"
                                          "        CREATE INDEX ix_b\n"
                                          "            ON users (b);\n"
                                          "        DROP TABLE \\x\n"
                                          "    \"\"\")\n");
        const auto m = parse(text);
        REQUIRE(m.upgrade.size() >= 1);
        CHECK(covered(m, m.upgrade[0]) == "CREATE INDEX ix_b\n            ON users (b)");
        const auto pos = m.source->position(m.upgrade[0].span.begin);
        CHECK(pos.line == 7);
        CHECK(pos.column == 9);
        // `\x` is two characters in a raw string: PostgreSQL sees a syntax error there.
        bool syntax_error = false;
        for (const auto& d : m.diagnostics) syntax_error = syntax_error || d.rule == "syntax-error";
        CHECK(syntax_error);
    }

    TEST_CASE("embedded SQL in implicit concatenation maps each part back to its own literal") {
        const auto m = parse(revision("", "    op.execute(\n        \"ALTER TABLE users \"\n        'ADD COLUMN age int'\n    )\n"));
        REQUIRE(m.upgrade.size() == 1);
        CHECK(m.upgrade[0].as<AddColumn>().column.name == "age");
        CHECK(covered(m, m.upgrade[0]) == "ALTER TABLE users \"\n        'ADD COLUMN age int");
    }

    TEST_CASE("op.execute resolves module-level and local constants, concatenation and sa.text") {
        const auto m = parse(revision("INDEX_SQL = 'CREATE INDEX ix_m ON t (m)'\nPREFIX = 'DROP TABLE '\n",
                                      "    op.execute(INDEX_SQL)\n"
                                      "    local = PREFIX + 'gone'\n"
                                      "    op.execute(local)\n"
                                      "    op.execute(sa.text('VACUUM t'))\n"));
        REQUIRE(m.upgrade.size() == 3);
        CHECK(m.upgrade[0].as<CreateIndex>().name == "ix_m");
        CHECK(covered(m, m.upgrade[0]) == "CREATE INDEX ix_m ON t (m)");
        CHECK(m.source->position(m.upgrade[0].span.begin).line == 4);  // the constant's literal
        CHECK(m.upgrade[1].as<DropTable>().table.name == "gone");
        CHECK(m.upgrade[2].kind() == OpKind::vacuum);
        CHECK(m.diagnostics.empty());
    }

    TEST_CASE("sa.text bind parameters do not break the embedded SQL or its spans") {
        const auto m = parse(revision("", "    op.execute(sa.text('UPDATE t SET a = :value WHERE b = CAST(:b AS int) AND c::int > 0'))\n"));
        REQUIRE(m.upgrade.size() == 1);
        CHECK(m.upgrade[0].kind() == OpKind::data_change);
        CHECK(covered(m, m.upgrade[0]) == "UPDATE t SET a = :value WHERE b = CAST(:b AS int) AND c::int > 0");
        CHECK(m.diagnostics.empty());
    }

    TEST_CASE("f-strings over unknown values, %-format, .format() and unknown names are Unresolved with one diagnostic each") {
        const std::string text = revision("",
                                          "    name = 't'\n"
                                          "    op.execute(f'DROP TABLE {tenant_table()}')\n"
                                          "    op.execute('DROP TABLE %s' % name)\n"
                                          "    op.execute('DROP TABLE {}'.format(name))\n"
                                          "    op.execute(SOMETHING)\n");
        const auto m = parse(text);
        REQUIRE(m.upgrade.size() == 4);
        REQUIRE(m.diagnostics.size() == 4);
        for (std::size_t i = 0; i < 4; ++i) {
            CHECK(m.upgrade[i].kind() == OpKind::unresolved);
            CHECK(m.diagnostics[i].rule == "unresolved-sql");
            CHECK(m.diagnostics[i].span == m.upgrade[i].span);
        }
        CHECK(m.upgrade[0].as<Unresolved>().reason == "f-string");
        CHECK(m.upgrade[1].as<Unresolved>().reason == "%-format");
        CHECK(m.upgrade[2].as<Unresolved>().reason == "str.format()");
        CHECK(covered(m, m.upgrade[3]) == "op.execute(SOMETHING)");
    }

    TEST_CASE("an f-string whose fields are constants or loop variables over a literal list is lowered") {
        const auto m = parse(revision("",
                                      "    schema = 'app'\n"
                                      "    for table in ['a', 'b']:\n"
                                      "        op.execute(f'DROP TABLE {schema}.{table}')\n"));
        REQUIRE(m.upgrade.size() == 2);
        CHECK(m.diagnostics.empty());
        CHECK(m.upgrade[0].as<DropTable>().table.display() == "app.a");
        CHECK(m.upgrade[1].as<DropTable>().table.display() == "app.b");
        CHECK(covered(m, m.upgrade[0]).starts_with("DROP TABLE {schema}.{table}"));
    }

    TEST_CASE("connection.execute, op.get_bind().execute and conn = op.get_bind() lower their SQL") {
        const auto m = parse(revision("from sqlalchemy import text\n",
                                      "    op.get_bind().execute(text('DROP TABLE a'))\n"
                                      "    conn = op.get_bind()\n"
                                      "    conn.execute(sa.text('DROP TABLE b'))\n"
                                      "    conn.exec_driver_sql('DROP TABLE c')\n"
                                      "    connection.execute('DROP TABLE d')\n"));
        REQUIRE(m.upgrade.size() == 4);
        CHECK(m.upgrade[0].as<DropTable>().table.name == "a");
        CHECK(m.upgrade[1].as<DropTable>().table.name == "b");
        CHECK(m.upgrade[2].as<DropTable>().table.name == "c");
        CHECK(m.upgrade[3].as<DropTable>().table.name == "d");
        for (const auto& op : m.upgrade) CHECK(op.from_sql_string);
    }

    TEST_CASE("a SQL syntax error inside op.execute is reported at its place in the .py file") {
        const auto m = parse(revision("", "    op.execute('ALTER TABLE t ADD COLUMN x int;  SELEC 1')\n"));
        REQUIRE(m.diagnostics.size() == 1);
        CHECK(m.diagnostics[0].rule == "syntax-error");
        CHECK(m.source->slice(m.diagnostics[0].span).substr(0, 1) == "S");
        REQUIRE(m.upgrade.size() == 1);
        CHECK(m.upgrade[0].kind() == OpKind::add_column);
    }

    TEST_CASE("textwrap.dedent and strip keep the map into the literal") {
        const auto m = parse(revision("import textwrap\n",
                                      "    op.execute(textwrap.dedent('''\n"
                                      "        DROP TABLE a;\n"
                                      "        DROP TABLE b\n"
                                      "    ''').strip())\n"));
        REQUIRE(m.upgrade.size() == 2);
        CHECK(covered(m, m.upgrade[1]) == "DROP TABLE b");
        CHECK(m.source->position(m.upgrade[1].span.begin).line == 9);
        CHECK(m.source->position(m.upgrade[1].span.begin).column == 9);
    }
}

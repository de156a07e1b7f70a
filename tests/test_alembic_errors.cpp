#include "alembic/alembic_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

std::optional<Migration> parse(const std::string& text) {
    return alembic::parse_revision(std::make_shared<const SourceText>("versions/bad.py", text));
}

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("a Python syntax error is one syntax-error diagnostic at the first error, and the rest still lowers") {
        const std::string text =
            "from alembic import op\n"
            "revision = 'a'\n"
            "def upgrade():\n"
            "    op.drop_table('a'\n"
            "    op.create_index('ix', 't', ['c'])\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_index('ix', table_name='t')\n";
        const auto m = parse(text);
        REQUIRE(m);
        REQUIRE(m->diagnostics.size() == 1);
        const auto& d = m->diagnostics[0];
        CHECK(d.rule == "syntax-error");
        CHECK(d.message.find("invalid Python syntax") == 0);
        CHECK(m->source->position(d.span.begin).line == 4);
        REQUIRE(m->upgrade.size() == 1);
        CHECK(m->upgrade[0].as<CreateIndex>().name == "ix");
        CHECK(m->source->slice(m->upgrade[0].span) == "op.create_index('ix', 't', ['c'])");
        REQUIRE(m->downgrade.size() == 1);
        CHECK(m->downgrade[0].kind() == OpKind::drop_index);
    }

    TEST_CASE("a broken statement in the middle of a body does not hide the operations after it") {
        const auto m = parse(
            "from alembic import op\nrevision = 'a'\n"
            "def upgrade():\n"
            "    op.drop_table('first')\n"
            "    x = = 1\n"
            "    op.drop_table('last')\n");
        REQUIRE(m);
        REQUIRE(m->diagnostics.size() == 1);
        CHECK(m->diagnostics[0].rule == "syntax-error");
        CHECK(m->source->position(m->diagnostics[0].span.begin).line == 5);
        REQUIRE(m->upgrade.size() == 2);
        CHECK(m->upgrade[1].as<DropTable>().table.name == "last");
    }

    TEST_CASE("alembic::parse_revision never crashes on hostile or truncated input") {
        const std::vector<std::string> inputs{
            "revision = 'a'\ndef upgrade(:\n",
            "revision = \n",
            "def upgrade():\n    op.execute(\"\"\"unterminated\n",
            "def upgrade():\n    op.create_table(\n",
            "def upgrade():\n    op.create_table('t', sa.Column(), sa.Column(1, 2, 3), *cols, **kw)\n",
            "def upgrade():\n    op.add_column()\n    op.alter_column()\n    op.create_index()\n    op.execute()\n",
            "def upgrade():\n    op.execute('\\N{LATIN SMALL LETTER A}')\n    op.execute('\\x4')\n",
            "a = b\nb = a\nrevision = a\ndef upgrade():\n    op.execute(a)\n",
            "def upgrade():\n    " + std::string(3000, '(') + "\n",
            "def upgrade():\n    x = " + std::string(2000, '[') + "\n",
            "def upgrade():\n    with op.batch_alter_table() as b:\n        b.add_column()\n",
            "def upgrade():\n    for in []:\n        op.drop_table()\n",
            std::string("revision = '\xff\xfe'\ndef upgrade():\n    op.execute('\xc3')\n"),
            std::string("\0\0\0def upgrade():\n", 19),
        };
        for (const auto& input : inputs) {
            CAPTURE(input.substr(0, 60));
            const auto m = parse(input);
            // A revision Python refuses before its revision line (a NUL byte) is reported, not skipped.
            if (m && m->kind != FileKind::alembic_revision) {
                CHECK(m->kind == FileKind::other);
                REQUIRE(m->diagnostics.size() == 1);
                CHECK(m->diagnostics[0].rule == "syntax-error");
            }
        }
    }
}

TEST_SUITE("alembic") {
    TEST_CASE("a string doubled 40 times is an unknown value, unresolved-sql, not all memory") {
        // 2^40 bytes were built before: 23.7 GB, then the process was killed.
        std::string text = "from alembic import op\nrevision = 'a'\ndown_revision = None\ns = 'SELECT 1;'\n";
        for (int i = 0; i < 40; ++i) text += "s = s + s\n";
        text += "def upgrade():\n    op.execute(s)\n    op.execute('DROP TABLE users')\n\ndef downgrade():\n    pass\n";
        const auto m = parse(text);
        REQUIRE(m);
        REQUIRE(m->diagnostics.size() == 1);
        CHECK(m->diagnostics[0].rule == "unresolved-sql");
        CHECK(m->diagnostics[0].message.find("a value too large to evaluate") != std::string::npos);
        CHECK(m->upgrade.size() == 2);  // the unresolved SQL, and the DROP TABLE after it
    }

    TEST_CASE("doubling in f-strings and lists, and lists nested through names, stay bounded too") {
        std::string text = "from alembic import op\nrevision = 'a'\ndown_revision = None\ns = 'x'\nl = []\n";
        for (int i = 0; i < 40; ++i) text += "s = f'{s}{s}'\nl = [l, l]\n";
        for (int i = 0; i < 200000; ++i) text += "n = [n]\n";  // nested 200,000 deep through one name
        text += "def upgrade():\n    op.execute(s)\n\ndef downgrade():\n    pass\n";
        const auto m = parse(text);
        REQUIRE(m);
        REQUIRE(m->diagnostics.size() == 1);
        CHECK(m->diagnostics[0].rule == "unresolved-sql");
    }

    TEST_CASE("a name used many times is charged each time, and a real migration stays far under the budget") {
        std::string text =
            "from alembic import op\nrevision = 'a'\ndown_revision = None\n"
            "SQL = 'CREATE INDEX CONCURRENTLY ix ON users (a); '\n";
        text += "def upgrade():\n";
        for (int i = 0; i < 2000; ++i) text += "    op.execute(SQL + '-- " + std::to_string(i) + "')\n";
        text += "\ndef downgrade():\n    pass\n";
        const auto m = parse(text);
        REQUIRE(m);
        CHECK(m->diagnostics.empty());
        CHECK(m->upgrade.size() == 2000);
    }
}

TEST_SUITE("alembic") {
    TEST_CASE("a NUL byte in a long line is reported at its place, and the parse stops at its line") {
        // Fuzzing found tree-sitter's error recovery after a NUL in a 60 KB line taking
        // seconds; Python refuses the file at the NUL, so nothing past it is read.
        std::string chain;
        for (int i = 0; i < 2500; ++i) chain += "IS NOT TRUE ";
        const std::string text = "revision = 'a'\ndown_revision = None\nfrom alembic import op\n\ndef upgrade():\n"
                                 "    op.execute(\"SELECT 1 " + chain + std::string(3, '\0') + "e" + chain + "\")\n";
        const auto m = parse(text);
        REQUIRE(m);
        CHECK(m->kind == FileKind::alembic_revision);
        CHECK(m->revision.revision == "a");
        REQUIRE(m->diagnostics.size() == 1);
        CHECK(m->diagnostics[0].rule == "syntax-error");
        CHECK(m->diagnostics[0].message.find("NUL byte") != std::string::npos);
        CHECK(m->diagnostics[0].span.begin == text.find('\0'));
        CHECK(m->upgrade.empty());  // the op.execute line is never read
    }
}

#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace miglint;

namespace {

std::string text_of(const std::string& sql, Span span) { return sql.substr(span.begin, span.size()); }

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("sql::lower_sql spans start at the statement's first token, after comments and blank lines") {
        const std::string sql = "-- header\n/* block /* nested */ */\n\n  CREATE INDEX i ON t (a);  -- trailing\nDROP TABLE t;";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.operations.size() == 2);
        CHECK(text_of(sql, lowered.operations[0].span) == "CREATE INDEX i ON t (a)");
        CHECK(text_of(sql, lowered.operations[1].span) == "DROP TABLE t");
    }

    TEST_CASE("sql::lower_sql keeps byte spans across dollar quotes and semicolons inside strings") {
        const std::string sql =
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; SELECT 2; $body$ LANGUAGE sql;\n"
            "INSERT INTO t VALUES ('a;b');\nCREATE INDEX i ON t (a);";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.operations.size() == 3);
        CHECK(lowered.operations[0].kind() == OpKind::create_function);
        CHECK(text_of(sql, lowered.operations[1].span) == "INSERT INTO t VALUES ('a;b')");
        CHECK(text_of(sql, lowered.operations[2].span) == "CREATE INDEX i ON t (a)");
    }

    TEST_CASE("sql::lower_sql spans stay exact in the slow path after a syntax error") {
        const std::string sql = "SELEC 1;\n-- c\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN d int DEFAULT 1;";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.size() == 1);
        CHECK(lowered.diagnostics[0].span.begin == 0);
        REQUIRE(lowered.operations.size() == 2);
        CHECK(text_of(sql, lowered.operations[0].span) == "CREATE INDEX i ON t (a)");
        const auto& add = lowered.operations[1].as<AddColumn>();
        REQUIRE(add.column.default_value.has_value());
        CHECK(text_of(sql, add.column.default_value->span) == "1");
    }

    TEST_CASE("a syntax error after multi-byte text is placed at the right byte") {
        const std::string sql = "SELECT 'héllo wörld' + ;";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.size() == 1);
        // PostgreSQL counts characters; the error is reported at the end of input, after '+'.
        CHECK(lowered.diagnostics[0].span.begin == sql.find('+') + 1);
    }

    TEST_CASE("SourceText positions count code points, UTF-16 units or bytes, across CRLF and lone CR") {
        const SourceText source("x.sql", "a\r\nbé😀c\rtab\there");
        CHECK(source.line_count() == 3);
        CHECK(source.line_text(2) == "bé😀c");
        const auto c = static_cast<std::uint32_t>(std::string("a\r\nbé😀").size());
        CHECK(source.position(c) == Position{2, 4});
        CHECK(source.position(c, ColumnUnit::utf16) == Position{2, 5});
        CHECK(source.position(c, ColumnUnit::bytes) == Position{2, 8});
        CHECK(source.offset_of({2, 5}, ColumnUnit::utf16) == c);
        CHECK(source.offset_of({2, 4}, ColumnUnit::code_points) == c);
        const auto here = static_cast<std::uint32_t>(source.text().find("here"));
        CHECK(source.position(here) == Position{3, 5});  // a tab is one column
    }

    TEST_CASE("SourceText line table: the same lines with and without a CR in the file, BOM and blank lines included") {
        std::mt19937 random(5);
        const std::string alphabet[] = {"a", "é", "\n", "\n", "\r", "\r\n"};
        for (int round = 0; round < 500; ++round) {
            std::string text = round % 3 == 0 ? "\xEF\xBB\xBF" : "";
            const auto length = random() % 30;
            for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % (round % 2 == 0 ? 4 : 6)];
            // The lines as a reader splits them: after each \n, \r\n or lone \r; line 1 after the BOM.
            std::vector<std::uint32_t> expected{text.starts_with("\xEF\xBB\xBF") ? 3U : 0U};
            for (std::uint32_t i = expected[0]; i < text.size(); ++i) {
                if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
                if (text[i] == '\n' || text[i] == '\r') expected.push_back(i + 1);
            }
            const SourceText source("x.sql", text);
            CAPTURE(text);
            REQUIRE(source.line_count() == expected.size());
            for (std::uint32_t line = 1; line <= expected.size(); ++line) CHECK(source.line_start(line) == expected[line - 1]);
        }
    }

    TEST_CASE("sql::remap_spans moves every span through the map") {
        auto lowered = sql::lower_sql("ALTER TABLE t ADD COLUMN c int DEFAULT 1");
        sql::remap_spans(lowered, [](std::uint32_t offset) { return offset + 100; });
        REQUIRE(lowered.operations.size() == 1);
        CHECK(lowered.operations[0].span.begin == 100);
        CHECK(lowered.operations[0].as<AddColumn>().column.default_value->span.begin == 100 + 39);
    }

    TEST_CASE("sql::parse_sql_file blanks a UTF-8 BOM without shifting spans") {
        auto source = std::make_shared<const SourceText>("x.sql", "\xEF\xBB\xBF" "CREATE INDEX i ON t (a);");
        const auto migration = sql::parse_sql_file(source, miglint::FileLayout{});
        CHECK(migration.diagnostics.empty());
        REQUIRE(migration.upgrade.size() == 1);
        CHECK(migration.upgrade[0].span.begin == 3);
    }
}

TEST_SUITE("sql") {
    TEST_CASE("a statement that starts with an unknown word is a syntax error, never dropped") {
        const std::string sql = "SELECT 1;\nSELEC 1;\nCREATE INDEX i ON t (a);";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.size() == 1);
        CHECK(lowered.diagnostics[0].span.begin == sql.find("SELEC 1"));
        CHECK(lowered.operations.size() == 2);
    }

    TEST_CASE("an unterminated string or dollar quote is one syntax error at its start") {
        for (const std::string sql : {"CREATE INDEX i ON t (a);\nSELECT 'open", "SELECT 1;\nDO $$ BEGIN"}) {
            CAPTURE(sql);
            const auto lowered = sql::lower_sql(sql);
            REQUIRE(lowered.diagnostics.size() == 1);
            CHECK(SourceText("x", sql).position(lowered.diagnostics[0].span.begin).line == 2);
        }
    }
}

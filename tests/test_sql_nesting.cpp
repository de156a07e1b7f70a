#include "sql/char_class.hpp"
#include "sql/nesting.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <string>

using miglint::sql::too_deep_at;

namespace {

std::string repeat(const std::string& part, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += part;
    return out;
}

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("sql::chars classifies every byte as the C locale's <cctype> does") {
        namespace chars = miglint::sql::chars;
        for (int byte = 0; byte < 256; ++byte) {
            CAPTURE(byte);
            const auto c = static_cast<char>(byte);
            CHECK(chars::is_space(c) == (std::isspace(byte) != 0));
            CHECK(chars::is_digit(c) == (std::isdigit(byte) != 0));
            CHECK(chars::is_alnum(c) == (std::isalnum(byte) != 0));
            CHECK(chars::to_upper(c) == static_cast<char>(std::toupper(byte)));
            CHECK(chars::is_word(c) == (std::isalnum(byte) != 0 || c == '_' || c == '$'));
            CHECK(chars::is(c, chars::high) == (byte >= 0x80));
            CHECK(chars::is(c, chars::opener) == (c == '(' || c == '['));
            CHECK(chars::is_operator(c) == (std::string_view("+-*/<>=~!@#%^&|`?:").find(c) != std::string_view::npos));
        }
    }

    TEST_CASE("sql::too_deep_at finds brackets, CASE and operator chains past the limit, at the token that passes it") {
        CHECK(too_deep_at("SELECT " + repeat("(", 1001) + "1" + repeat(")", 1001)) == 7 + 1000);
        CHECK_FALSE(too_deep_at("SELECT " + repeat("(", 1000) + "1" + repeat(")", 1000)));
        CHECK(too_deep_at("SELECT 1" + repeat(" - 1", 2000)).has_value());
        CHECK(too_deep_at("SELECT " + repeat("NOT ", 2000) + "true").has_value());
        CHECK(too_deep_at("SELECT " + repeat("CASE WHEN x THEN ", 1001) + "1" + repeat(" END", 1001)).has_value());
        CHECK(too_deep_at("SELECT * FROM t" + repeat(" JOIN t USING (a)", 1001)).has_value());
        CHECK(too_deep_at("SELECT 1" + repeat(" UNION SELECT 1", 1001)).has_value());
    }

    TEST_CASE("sql::too_deep_at: the quick token bound never hides a statement as deep as it has tokens") {
        // Each of these nests once per token, so only the full scan can tell them from the limit.
        for (const std::string sql : {"(((((", "1-1-1-1-1", "NOT NOT NOT NOT x", "DO $$ ((((($$", "CASE CASE CASE CASE x"}) {
            CAPTURE(sql);
            CHECK(too_deep_at(sql, 3).has_value());
            CHECK_FALSE(too_deep_at(sql, 6).has_value());
        }
    }

    TEST_CASE("sql::too_deep_at: flat lists, quoted text and comments do not nest") {
        CHECK_FALSE(too_deep_at("INSERT INTO t VALUES " + repeat("(-1, 'a' || 'b'), ", 5000) + "(1, 'c')"));
        CHECK_FALSE(too_deep_at("DELETE FROM t WHERE " + repeat("id = 1 OR ", 5000) + "id = 2"));
        CHECK_FALSE(too_deep_at("SELECT '" + repeat("(", 5000) + "', \"" + repeat("(", 5000) + "\""));
        CHECK_FALSE(too_deep_at("SELECT E'\\'" + repeat("(", 5000) + "'"));
        CHECK_FALSE(too_deep_at("-- " + repeat("(", 5000) + "\n/* " + repeat("(", 5000) + " */ SELECT 1"));
        CHECK_FALSE(too_deep_at("SELECT " + repeat("CASE WHEN x THEN 1 END, ", 5000) + "1"));
        // PL/pgSQL's END CASE closes a CASE statement rather than opening one.
        CHECK_FALSE(too_deep_at("DO $$ BEGIN " + repeat("CASE WHEN x THEN NULL; END CASE; ", 2000) + "END $$"));
    }

    TEST_CASE("sql::too_deep_at scans a dollar-quoted body as code on its own, and its brackets do not leak out") {
        CHECK(too_deep_at("DO $$ BEGIN PERFORM " + repeat("(", 1001) + "1" + repeat(")", 1001) + "; END $$").has_value());
        CHECK(too_deep_at("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1" + repeat("+1", 1001) + " $body$")
                  .has_value());
        CHECK_FALSE(too_deep_at(repeat("COMMENT ON TABLE t IS $$ (((( $$; ", 1000)));
    }
}

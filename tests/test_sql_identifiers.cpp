#include "sql/identifiers.hpp"
#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdint>
#include <iterator>

using namespace miglint;

namespace {

std::vector<Operation> lower(std::string_view sql) {
    auto lowered = sql::lower_sql(std::string(sql));
    REQUIRE(lowered.diagnostics.empty());
    return std::move(lowered.operations);
}

const std::string k_long(70, 'a');  // 70 bytes, 7 past PostgreSQL's limit

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("sql::lower_sql keeps the written form of identifiers the parser truncated to 63 bytes") {
        const auto ops = lower("CREATE TABLE " + k_long + " (Id int); CREATE INDEX \"" + std::string(66, 'B') +
                               "\" ON " + k_long + " (id); CREATE TABLE short (x int)");
        REQUIRE(ops.size() == 3);
        CHECK(ops[0].as<CreateTable>().table.name == std::string(63, 'a'));
        REQUIRE(ops[0].truncated_identifiers.size() == 1);
        CHECK(ops[0].truncated_identifiers[0].written == k_long);
        CHECK(ops[0].truncated_identifiers[0].truncated == std::string(63, 'a'));
        // Quoted names keep their case; each identifier is listed once per statement.
        REQUIRE(ops[1].truncated_identifiers.size() == 2);
        CHECK(ops[1].truncated_identifiers[0].written == std::string(66, 'B'));
        CHECK(ops[1].truncated_identifiers[1].written == k_long);
        CHECK(ops[2].truncated_identifiers.empty());
    }

    TEST_CASE("sql::lower_sql ignores long words in strings and comments, and cuts multi-byte names on a character") {
        const auto ops = lower("-- " + k_long + "\nSELECT '" + k_long + "'; CREATE TABLE \"" + std::string(64, 'x') +
                               "\" (a int); CREATE TABLE \"\xC3\xA9" + std::string(62, 'e') + "\" (a int)");
        REQUIRE(ops.size() == 3);
        CHECK(ops[0].truncated_identifiers.empty());
        REQUIRE(ops[1].truncated_identifiers.size() == 1);
        REQUIRE(ops[2].truncated_identifiers.size() == 1);
        // 2 + 62 = 64 bytes: the cut falls after the 63rd byte, inside no character.
        CHECK(ops[2].truncated_identifiers[0].truncated.size() == 63);
        // 62 + 2 = 64 bytes: byte 63 is inside the last character, which goes whole.
        CHECK(truncated_identifier(std::string(62, 'e') + "\xC3\xA9") == std::string(62, 'e'));
        CHECK(truncated_identifier("short") == "short");
    }

    TEST_CASE("sql::may_have_long_identifier answers as a byte-by-byte scan does, wherever the run lies") {
        // The plain scan: a run of identifier bytes, or a quoted name, over 63 bytes; an unmatched quote hides the rest.
        const auto scan = [](std::string_view text) {
            std::size_t run = 0;
            for (std::size_t i = 0; i < text.size(); ++i) {
                const auto c = static_cast<unsigned char>(text[i]);
                if (c == '"') {
                    const auto close = text.find('"', i + 1);
                    if (close == std::string_view::npos) return text.size() - i - 1 > 63;
                    if (close - i - 1 > 63) return true;
                    i = close;
                    run = 0;
                    continue;
                }
                run = (std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80) ? run + 1 : 0;
                if (run > 63) return true;
            }
            return false;
        };
        std::uint32_t seed = 12345;
        const auto next = [&] {
            seed = seed * 1103515245U + 12345U;
            return (seed >> 16U) & 0x7fffU;
        };
        const std::string pieces[] = {" ", "(", "\"", "a", "_", "9", "$", "\xc3\xa9", ";\n", "--"};
        int long_ones = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string text;
            const auto length = 10 + next() % 300;
            while (text.size() < length) {
                if (next() % 8 == 0) {
                    const auto run = 55 + next() % 15;  // near the 63-byte limit
                    const char c = "ab_Z$7"[next() % 6];
                    text += std::string(run, c);
                } else {
                    text += pieces[next() % std::size(pieces)];
                }
            }
            CAPTURE(text);
            const bool expected = scan(text);
            long_ones += expected ? 1 : 0;
            CHECK(miglint::sql::may_have_long_identifier(text) == expected);
        }
        CHECK(long_ones > 100);   // both answers came up often
        CHECK(long_ones < 2900);
    }

    TEST_CASE("sql::lower_sql finds a long name after a lone double quote in a comment") {
        // The quick test over the whole file must not take the rest of it for one quoted name.
        const auto ops = lower("-- the \"old table\n-- was dropped\" before\n-- a \" alone\nCREATE TABLE " + k_long + " (a int)");
        REQUIRE(ops.size() == 1);
        REQUIRE(ops[0].truncated_identifiers.size() == 1);
        CHECK(ops[0].truncated_identifiers[0].written == k_long);
        CHECK(miglint::sql::may_have_long_identifier("x \"" + std::string(64, 'a')));
        CHECK_FALSE(miglint::sql::may_have_long_identifier("x \"" + std::string(63, 'a')));
    }

    TEST_CASE("sql::lower_sql lowers CREATE SCHEMA with IF NOT EXISTS and AUTHORIZATION") {
        const auto ops = lower("CREATE SCHEMA billing; CREATE SCHEMA IF NOT EXISTS app; CREATE SCHEMA AUTHORIZATION joe");
        REQUIRE(ops.size() == 3);
        CHECK(ops[0].as<CreateSchema>().schema == "billing");
        CHECK_FALSE(ops[0].as<CreateSchema>().if_not_exists);
        CHECK(ops[1].as<CreateSchema>().if_not_exists);
        CHECK(ops[2].as<CreateSchema>().schema == "joe");
        CHECK(op_kind_name(ops[0].kind()) == "create_schema");
    }

    TEST_CASE("sql::lower_sql lowers serial types to integers marked is_serial, keeping the spelling") {
        const auto ops = lower("CREATE TABLE t (a serial, b bigserial, c smallserial, d serial8, e int)");
        REQUIRE(ops.size() == 1);
        const auto& columns = ops[0].as<CreateTable>().columns;
        REQUIRE(columns.size() == 5);
        const std::vector<std::string> names{"int4", "int8", "int2", "int8", "int4"};
        for (std::size_t i = 0; i < names.size(); ++i) CHECK(columns[i].type.name == names[i]);
        for (std::size_t i = 0; i < 4; ++i) CHECK(columns[i].is_serial);
        CHECK_FALSE(columns[4].is_serial);
        CHECK(columns[1].type.written == "bigserial");
    }
}

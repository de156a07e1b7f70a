#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

TEST_SUITE("sql") {
    TEST_CASE("the statements of a DO block are lowered with spans inside the file, nested blocks included") {
        const std::string sql =
            "DO $$\nBEGIN\n  UPDATE users SET a = 1;\n  IF true THEN\n    CREATE INDEX j ON t (b);\n  END IF;\nEND\n$$;";
        const auto lowered = sql::lower_sql(sql);
        CHECK(lowered.diagnostics.empty());
        REQUIRE(lowered.operations.size() == 3);
        CHECK(lowered.operations[0].kind() == OpKind::do_block);
        CHECK_FALSE(lowered.operations[0].from_do_block);
        const auto& update = lowered.operations[1];
        CHECK(update.from_do_block);
        CHECK(sql.substr(update.span.begin, update.span.size()) == "UPDATE users SET a = 1");
        const auto& index = lowered.operations[2];
        CHECK(index.kind() == OpKind::create_index);
        CHECK(sql.substr(index.span.begin, index.span.size()) == "CREATE INDEX j ON t (b)");
    }

    TEST_CASE("the statements of IF's branches are lowered in source order, each with its own span") {
        // PL/pgSQL's tree lists an IF's condition, then/else branches under keys
        // that sort differently from the source: the order must be the text's.
        const std::string sql =
            "DO $$ BEGIN IF now() > '2020-01-01' THEN ALTER TABLE a ADD COLUMN c int; "
            "ELSIF false THEN DROP INDEX i; ELSE ALTER TABLE b ADD COLUMN d int; END IF; END $$;";
        const auto lowered = sql::lower_sql(sql);
        CHECK(lowered.diagnostics.empty());
        REQUIRE(lowered.operations.size() == 4);
        const auto text_of = [&](const Operation& op) { return sql.substr(op.span.begin, op.span.size()); };
        CHECK(text_of(lowered.operations[1]) == "ALTER TABLE a ADD COLUMN c int");
        CHECK(text_of(lowered.operations[2]) == "DROP INDEX i");
        CHECK(text_of(lowered.operations[3]) == "ALTER TABLE b ADD COLUMN d int");
    }

    TEST_CASE("EXECUTE of a string literal in a DO block is lowered, with quotes unescaped and spans mapped back") {
        const std::string sql = "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN c text DEFAULT ''x'''; END $$;";
        const auto lowered = sql::lower_sql(sql);
        CHECK(lowered.diagnostics.empty());
        REQUIRE(lowered.operations.size() == 2);
        const auto& add = lowered.operations[1].as<AddColumn>();
        REQUIRE(add.column.default_value.has_value());
        CHECK(add.column.default_value->text == "'x'");
        CHECK(sql.substr(lowered.operations[1].span.begin, 11) == "ALTER TABLE");
        CHECK(sql.substr(add.column.default_value->span.begin, 3) == "''x");
    }

    TEST_CASE("EXECUTE of a computed string is not guessed: it is named as SQL miglint cannot check") {
        const std::string sql = "DO $$ BEGIN EXECUTE 'CREATE INDEX ' || quote_ident('i') || ' ON t (a)'; END $$;";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.size() == 1);
        CHECK(lowered.diagnostics[0].rule == "unresolved-sql");
        REQUIRE(lowered.operations.size() == 2);
        CHECK(lowered.operations[1].kind() == OpKind::unresolved);
        CHECK(lowered.operations[1].from_do_block);
        CHECK(sql.substr(lowered.operations[1].span.begin, 16) == "'CREATE INDEX ' ");
    }

    TEST_CASE("a DO block or plpgsql function body that does not parse is a syntax error; SQL functions are not parsed") {
        const auto bad_do = sql::lower_sql("DO $$ BEGIN ALTER TABLE x ADD COLUMN; END $$;");
        REQUIRE(bad_do.diagnostics.size() == 1);
        CHECK(bad_do.diagnostics[0].message.starts_with("in DO block:"));
        const auto bad_function =
            sql::lower_sql("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN SELEC 1; END $f$;");
        REQUIRE(bad_function.diagnostics.size() == 1);
        CHECK(bad_function.diagnostics[0].message.starts_with("in function body:"));
        const auto sql_function = sql::lower_sql("CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;");
        CHECK(sql_function.diagnostics.empty());
        const auto good = sql::lower_sql("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN PERFORM 1; END $f$;");
        CHECK(good.diagnostics.empty());
    }
}

// The rule toolkit's printers: names quoted as quote_ident quotes them, the
// names PostgreSQL generates, and indexes written back out in SQL and Alembic.
// Expected names and quoting were read off PostgreSQL 15 (quote_ident(),
// pg_indexes after CREATE INDEX without a name).
#include "sql/sql_frontend.hpp"
#include "toolkit/code_text.hpp"
#include "toolkit/index_text.hpp"

#include <miglint/sql_names.hpp>

#include <doctest/doctest.h>

using namespace miglint;

namespace {

CreateIndex lowered_index(const std::string& sql) {
    auto lowered = sql::lower_sql(sql + ";");
    // Only syntax this test feeds on purpose: notes of the release it needs (INCLUDE: 11) are fine.
    for (const auto& diagnostic : lowered.diagnostics) {
        if (diagnostic.rule != "requires-newer-postgres") FAIL_CHECK(sql, ": ", diagnostic.rule, ": ", diagnostic.message);
    }
    REQUIRE(lowered.operations.size() == 1);
    const auto* index = lowered.operations.front().get<CreateIndex>();
    REQUIRE(index != nullptr);
    return *index;
}

}  // namespace

TEST_SUITE("rules") {
    TEST_CASE("quote_ident quotes as PostgreSQL's quote_ident does") {
        CHECK(quote_ident("users") == "users");
        CHECK(quote_ident("_x1") == "_x1");
        CHECK(quote_ident("name") == "name");        // an unreserved keyword stays bare
        CHECK(quote_ident("type") == "type");
        CHECK(quote_ident("user") == "\"user\"");    // reserved
        CHECK(quote_ident("between") == "\"between\"");  // column-name keyword
        CHECK(quote_ident("left") == "\"left\"");    // type-or-function-name keyword
        CHECK(quote_ident("customerId") == "\"customerId\"");
        CHECK(quote_ident("1x") == "\"1x\"");
        CHECK(quote_ident("a$b") == "\"a$b\"");
        CHECK(quote_ident("\xC3\xBF") == "\"\xC3\xBF\"");
        CHECK(quote_ident("say \"hi\"") == "\"say \"\"hi\"\"\"");
        CHECK(quote_qualified({"Billing", "Subscription"}) == "\"Billing\".\"Subscription\"");
        CHECK(quote_qualified({"", "orders"}) == "orders");
    }

    TEST_CASE("generated names are PostgreSQL's, shortened to 63 bytes the way it shortens them") {
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders (lower(note))")) == "orders_lower_idx");
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders ((note || 'x'))")) == "orders_expr_idx");
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders (((data->>'a')::int))")) == "orders_int4_idx");
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders ((note::text))")) == "orders_note_idx");
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders (coalesce(note, ''))")) == "orders_coalesce_idx");
        CHECK(generated_index_name(lowered_index("CREATE INDEX ON orders (a)"), 1) == "orders_a_idx1");
        // Alembic's sa.text() keys have no parse tree: a call is named by its function all the same.
        CreateIndex from_text;
        from_text.table = {"", "orders"};
        from_text.keys = {IndexKey{.expression = "LOWER(note)"}, IndexKey{.expression = "(a + b)"}};
        CHECK(generated_index_name(from_text) == "orders_lower_expr_idx");
        const auto long_index = lowered_index(
            "CREATE INDEX ON averyveryveryveryveryverylongtablenamethatgoesonandonandonx "
            "(averyveryveryveryveryverylongcolumnnamethatgoesonandon, b)");
        CHECK(generated_index_name(long_index) == "averyveryveryveryveryverylong_averyveryveryveryveryverylong_idx");
        CHECK(generated_object_name("orders", "", "pkey") == "orders_pkey");
        // Cut on a character boundary: a two-byte letter is never split.
        const std::string wide(40, 'a');
        const auto name = generated_object_name(wide + "\xC3\xA9", std::string(30, 'b'), "key");
        CHECK(name.size() <= 63);
        CHECK(name.find("\xC3_") == std::string::npos);
    }

    TEST_CASE("an index prints back with its method, keys, INCLUDE and WHERE, names quoted") {
        const auto index = lowered_index(
            "CREATE UNIQUE INDEX \"Sub_idx\" ON \"Billing\".\"Subscription\" USING btree "
            "(\"customerId\" DESC NULLS LAST, lower(email) text_pattern_ops, (data->>'id')) "
            "INCLUDE (\"planId\") WHERE \"deletedAt\" IS NULL");
        CHECK(create_index_sql(index, {.concurrently = true}) ==
              "CREATE UNIQUE INDEX CONCURRENTLY \"Sub_idx\" ON \"Billing\".\"Subscription\" "
              "(\"customerId\" DESC NULLS LAST, lower(email) text_pattern_ops, (data->>'id')) "
              "INCLUDE (\"planId\") WHERE \"deletedAt\" IS NULL;");
        CHECK(create_index_alembic(index, {.concurrently = true}) ==
              "op.create_index(\"Sub_idx\", \"Subscription\", [sa.text(\"\\\"customerId\\\" DESC NULLS LAST\"), "
              "sa.text(\"lower(email) text_pattern_ops\"), sa.text(\"(data->>'id')\")], schema=\"Billing\", unique=True, "
              "postgresql_include=[\"planId\"], postgresql_where=sa.text(\"\\\"deletedAt\\\" IS NULL\"), "
              "postgresql_concurrently=True)");
        const auto gin = lowered_index("CREATE INDEX ON docs USING gin (body jsonb_path_ops)");
        CHECK(create_index_sql(gin, {.concurrently = true}) == "CREATE INDEX CONCURRENTLY ON docs USING gin (body jsonb_path_ops);");
    }

    TEST_CASE("a dropped index prints back, CASCADE left out where CONCURRENTLY refuses it") {
        const DropIndex drop{{"app", "ix_Orders"}, {}, false, true, true};
        CHECK(drop_index_sql(drop, false) == "DROP INDEX IF EXISTS app.\"ix_Orders\" CASCADE;");
        CHECK(drop_index_sql(drop, true) == "DROP INDEX CONCURRENTLY IF EXISTS app.\"ix_Orders\";");
        CHECK(drop_index_alembic(drop, true) ==
              "op.drop_index(\"ix_Orders\", schema=\"app\", postgresql_concurrently=True, if_exists=True)");
    }

    TEST_CASE("Python strings escape quotes, backslashes and line breaks") {
        CHECK(python_string("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"");
        CHECK(alembic_execute("SELECT '\\n'") == "op.execute(\"SELECT '\\\\n'\")");
        CHECK(in_autocommit_block("op.a()\nop.b()") == "with op.get_context().autocommit_block():\n    op.a()\n    op.b()");
    }
}

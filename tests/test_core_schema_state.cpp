#include "sql/sql_frontend.hpp"

#include <miglint/schema.hpp>

#include <doctest/doctest.h>

using namespace miglint;

namespace {

SchemaState replay(std::string_view sql) {
    auto lowered = sql::lower_sql(sql);
    REQUIRE(lowered.diagnostics.empty());
    SchemaState schema;
    for (const auto& op : lowered.operations) schema.apply(op, 0);
    return schema;
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("SchemaState records an unnamed index under the name PostgreSQL gives it") {
        const auto schema = replay(
            "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, coupon_id bigint);"
            "CREATE INDEX ON orders (user_id);"
            "CREATE INDEX ON orders (user_id);"
            "CREATE INDEX ON orders (coupon_id, user_id) WHERE coupon_id IS NOT NULL;"
            "CREATE INDEX ON orders (lower(note));");
        const auto* first = schema.index({"", "orders_user_id_idx"});
        REQUIRE(first != nullptr);
        CHECK(first->table == "orders");
        CHECK(first->columns == std::vector<std::string>{"user_id"});
        CHECK(first->method == "btree");
        CHECK_FALSE(first->partial);
        // A clash gets a number appended, as ChooseRelationName does.
        CHECK(schema.index({"", "orders_user_id_idx1"}) != nullptr);
        const auto* partial = schema.index({"", "orders_coupon_id_user_id_idx"});
        REQUIRE(partial != nullptr);
        CHECK(partial->partial);
        CHECK(schema.index({"", "orders_expr_idx"}) != nullptr);
    }

    TEST_CASE("SchemaState keeps an index's method and forgets a dropped unnamed index by its generated name") {
        const auto schema = replay(
            "CREATE INDEX ON app.events USING hash (session_id);"
            "CREATE INDEX ON app.events (kind);"
            "DROP INDEX app.events_kind_idx;");
        const auto* hash = schema.index({"app", "events_session_id_idx"});
        REQUIRE(hash != nullptr);
        CHECK(hash->method == "hash");
        CHECK(hash->table == "app.events");
        CHECK(schema.index({"app", "events_kind_idx"}) == nullptr);
    }
}

TEST_SUITE("core") {
    TEST_CASE("SchemaState::subset keeps the named tables with their indexes, the named indexes, and nothing else") {
        const auto schema = replay(
            "CREATE TABLE a (id int, x int); CREATE INDEX ia ON a (x);"
            "CREATE TABLE b (id int); CREATE INDEX ib ON b (id);"
            "CREATE TABLE c (id int); CREATE INDEX ic ON c (id);");
        const auto part = schema.subset({"a"}, {"ic"});
        CHECK(part.table({"", "a"}) != nullptr);
        CHECK(part.table({"", "b"}) == nullptr);
        CHECK(part.index({"", "ia"}) != nullptr);
        CHECK(part.index({"", "ib"}) == nullptr);
        CHECK(part.index({"", "ic"}) != nullptr);
    }
}

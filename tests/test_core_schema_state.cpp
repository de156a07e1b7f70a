#include "sql/sql_frontend.hpp"

#include <miglint/schema.hpp>

#include <doctest/doctest.h>

using namespace miglint;

namespace {

SchemaState replay(std::string_view sql) {
    auto lowered = sql::lower_sql(std::string(sql));
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
        // An expression's part is the function's name (PostgreSQL 15 named this one orders_lower_idx).
        CHECK(schema.index({"", "orders_lower_idx"}) != nullptr);
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
        SchemaState::Names names;
        names.tables = {"a"};
        names.indexes = {"ic"};
        const auto part = schema.subset(names);
        CHECK(part.table({"", "a"}) != nullptr);
        CHECK(part.table({"", "b"}) == nullptr);
        CHECK(part.index({"", "ia"}) != nullptr);
        CHECK(part.index({"", "ib"}) == nullptr);
        CHECK(part.index({"", "ic"}) != nullptr);
    }

    TEST_CASE("SchemaState::subset keeps the enum types its tables use, and with enum_users every table using them") {
        const auto schema = replay(
            "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE other AS ENUM ('x');"
            "CREATE TABLE a (id int, m mood); CREATE TABLE b (id int, m mood); CREATE TABLE c (id int, o other);");
        SchemaState::Names names;
        names.tables = {"a"};
        const auto part = schema.subset(names);
        CHECK(part.enum_type({"", "mood"}) != nullptr);
        CHECK(part.enum_type({"", "other"}) == nullptr);
        CHECK(part.columns_using_enum({"", "mood"}) == std::vector<std::string>{"a.m"});
        names.enum_users = true;
        const auto with_users = schema.subset(names);
        CHECK(with_users.columns_using_enum({"", "mood"}) == std::vector<std::string>{"a.m", "b.m"});
        CHECK(with_users.table({"", "c"}) == nullptr);
    }

    TEST_CASE("SchemaState follows indexes and enum users through renames, drops and type changes") {
        const auto schema = replay(
            "CREATE TYPE mood AS ENUM ('ok');"
            "CREATE TABLE a (id int, m mood, n text); CREATE INDEX a_m ON a (m); CREATE INDEX a_n ON a (n);"
            "CREATE TABLE z (id int); ALTER TABLE z ADD COLUMN m mood; ALTER TABLE z ADD COLUMN t text;"
            "ALTER TABLE z ALTER COLUMN t TYPE mood;"
            "ALTER TABLE a RENAME TO b; DROP INDEX a_n; CREATE TABLE a (id int); CREATE INDEX a_id ON a (id);"
            "ALTER TABLE z ALTER COLUMN m TYPE text;");
        std::vector<std::string> on_b;
        for (const auto* index : schema.indexes_on({"", "b"})) on_b.push_back(index->name);
        CHECK(on_b == std::vector<std::string>{"a_m"});
        REQUIRE(schema.indexes_on({"", "a"}).size() == 1);
        CHECK(schema.indexes_on({"", "a"}).front()->name == "a_id");
        CHECK(schema.columns_using_enum({"", "mood"}) == std::vector<std::string>{"b.m", "z.t"});

        auto dropped = schema;
        dropped.apply(sql::lower_sql("DROP TABLE b;").operations.front(), 1);
        CHECK(dropped.index({"", "a_m"}) == nullptr);
        CHECK(dropped.index({"", "a_id"}) != nullptr);
        CHECK(dropped.columns_using_enum({"", "mood"}) == std::vector<std::string>{"z.t"});
    }
}

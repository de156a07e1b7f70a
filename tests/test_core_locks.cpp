#include "pipeline/transactions.hpp"
#include "schema/predicates.hpp"
#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

#include <memory>

using namespace miglint;

namespace {

// One SQL migration, its transactions annotated, and the context an operation rule would get.
class Lowered {
public:
    explicit Lowered(std::string sql, Settings settings = {}) : m_settings(std::move(settings)) {
        auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.empty());
        m_migration.source = std::make_shared<const SourceText>("m.sql", std::move(sql));
        m_migration.upgrade = std::move(lowered.operations);
        annotate_transactions(m_migration, m_settings);
    }

    [[nodiscard]] const std::vector<Operation>& ops() const { return m_migration.upgrade; }
    [[nodiscard]] RuleContext at(std::size_t position) const {
        return {m_migration, 0, m_migration.upgrade, position, m_schema, m_settings, m_rule};
    }
    SchemaState& schema() { return m_schema; }

private:
    Settings m_settings;
    Migration m_migration;
    SchemaState m_schema;
    Rule m_rule{.id = "test"};
};

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("table_locks names the modes PostgreSQL takes, the referenced table of a foreign key included") {
        const Lowered m(
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"
            "CREATE INDEX i ON orders (a);"
            "CREATE INDEX CONCURRENTLY j ON orders (b);"
            "LOCK TABLE a, b IN EXCLUSIVE MODE;"
            "DROP INDEX idx_unknown;");
        const auto fk = table_locks(m.ops()[0], m.at(0));
        REQUIRE(fk.size() == 2);
        CHECK(fk[0].mode == "SHARE ROW EXCLUSIVE");
        CHECK(fk[1].table == QualifiedName{"", "users"});
        CHECK(table_locks(m.ops()[1], m.at(1))[0].mode == "SHARE");
        CHECK(table_locks(m.ops()[2], m.at(2))[0].mode == "SHARE UPDATE EXCLUSIVE");
        CHECK_FALSE(takes_blocking_lock(m.ops()[2], m.at(2)));
        CHECK(table_locks(m.ops()[3], m.at(3)).size() == 2);
        const auto drop = blocking_lock(m.ops()[4], m.at(4));
        REQUIRE(drop.has_value());
        CHECK(drop->table.empty());
        CHECK(drop->target == "the table of index `idx_unknown`");
    }

    TEST_CASE("blocking_lock and slow_work ignore a table created earlier in the migration") {
        Lowered m("CREATE TABLE w (id int, name text); CREATE INDEX ON w (name); UPDATE w SET name = 'x';");
        m.schema().apply(m.ops()[0], 0);
        CHECK_FALSE(takes_blocking_lock(m.ops()[1], m.at(1)));
        CHECK_FALSE(slow_work(m.ops()[1], m.at(1)).has_value());
        CHECK_FALSE(slow_work(m.ops()[2], m.at(2)).has_value());
    }

    TEST_CASE("slow_work: scans, rewrites, index builds and backfills, not catalog-only changes") {
        const Lowered m(
            "ALTER TABLE t ALTER COLUMN a SET NOT NULL;"
            "ALTER TABLE t ADD COLUMN b text;"
            "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();"
            "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID;"
            "ALTER TABLE t ADD CONSTRAINT ck2 CHECK (a > 0);"
            "DELETE FROM t WHERE a < 0;"
            "INSERT INTO t (a) VALUES (1);");
        CHECK(slow_work(m.ops()[0], m.at(0))->what == "a NOT NULL scan of");
        CHECK_FALSE(slow_work(m.ops()[1], m.at(1)).has_value());
        CHECK(slow_work(m.ops()[2], m.at(2))->what == "a rewrite of");
        CHECK_FALSE(slow_work(m.ops()[3], m.at(3)).has_value());
        CHECK(slow_work(m.ops()[4], m.at(4))->what == "a validation scan of");
        CHECK(slow_work(m.ops()[5], m.at(5))->what == "a DELETE from");
        CHECK_FALSE(slow_work(m.ops()[6], m.at(6)).has_value());
    }

    TEST_CASE("SettingInEffect follows SET, SET LOCAL, RESET and a zero value") {
        const Lowered m(
            "ALTER TABLE a ADD COLUMN x int;"          // 0: nothing set yet
            "BEGIN;"                                   // 1
            "SET LOCAL lock_timeout = '5s';"           // 2
            "ALTER TABLE a ADD COLUMN y int;"          // 3: SET LOCAL in this transaction
            "COMMIT;"                                  // 4
            "ALTER TABLE a ADD COLUMN z int;"          // 5: the SET LOCAL ended
            "SET lock_timeout TO '2s';"                // 6
            "ALTER TABLE a DROP COLUMN x;"             // 7: session SET
            "SET lock_timeout = '0ms';"                // 8
            "ALTER TABLE a DROP COLUMN y;"             // 9: turned off
            "SET lock_timeout = 1000;"                 // 10
            "RESET ALL;"                               // 11
            "ALTER TABLE a DROP COLUMN z;");           // 12: reset
        REQUIRE(m.ops().size() == 13);
        // What each operation sees, walking once from the top.
        const auto walk = [&](std::string_view setting) {
            SettingInEffect timeout(setting);
            std::vector<bool> seen;
            for (const auto& op : m.ops()) seen.push_back(timeout.advance(op));
            return seen;
        };
        const auto lock = walk("lock_timeout");
        CHECK_FALSE(lock[0]);
        CHECK(lock[3]);
        CHECK_FALSE(lock[5]);
        CHECK(lock[7]);
        CHECK_FALSE(lock[9]);
        CHECK(lock[11]);
        CHECK_FALSE(lock[12]);
        CHECK_FALSE(walk("statement_timeout")[3]);
    }
}

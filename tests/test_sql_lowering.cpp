#include "sql/sql_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

std::vector<Operation> lower(std::string_view sql) {
    auto lowered = sql::lower_sql(std::string(sql));
    // Syntax of a later release than 10 is dated for requires-newer-postgres, not an error.
    for (const auto& d : lowered.diagnostics) REQUIRE_MESSAGE(d.needs.major > 0, d.message);
    return std::move(lowered.operations);
}

}  // namespace

TEST_SUITE("sql") {
    TEST_CASE("sql::lower_sql turns CREATE TABLE into columns with types, nullability, defaults and constraints") {
        const auto ops = lower(
            "CREATE TABLE app.users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE,"
            " mood mood_t, created_at timestamptz DEFAULT now(), team_id int REFERENCES teams (id),"
            " CONSTRAINT users_email_check CHECK (email <> ''))");
        REQUIRE(ops.size() == 1);
        const auto& table = ops[0].as<CreateTable>();
        CHECK(table.table == QualifiedName{"app", "users"});
        REQUIRE(table.columns.size() == 5);
        CHECK(table.columns[0].is_serial);
        CHECK(table.columns[0].primary_key);
        CHECK(table.columns[1].type.name == "varchar");
        CHECK(table.columns[1].type.modifiers == std::vector<int>{255});
        CHECK(table.columns[1].not_null);
        REQUIRE(table.columns[1].constraints.size() == 1);
        CHECK(table.columns[1].constraints[0].kind == ConstraintKind::unique);
        CHECK_FALSE(table.columns[1].constraints[0].is_named());
        CHECK(table.columns[2].type.name == "mood_t");
        REQUIRE(table.columns[3].default_value.has_value());
        CHECK(table.columns[3].default_value->text == "now()");
        CHECK(table.columns[3].default_value->volatility == Volatility::stable);
        CHECK(table.columns[4].type.name == "int4");
        REQUIRE(table.columns[4].constraints.size() == 1);
        CHECK(table.columns[4].constraints[0].kind == ConstraintKind::foreign_key);
        CHECK(table.columns[4].constraints[0].referenced_table.name == "teams");
        REQUIRE(table.constraints.size() == 1);
        CHECK(table.constraints[0].name == "users_email_check");
        CHECK(table.constraints[0].kind == ConstraintKind::check);
    }

    TEST_CASE("sql::lower_sql splits ALTER TABLE into one operation per subcommand sharing the statement") {
        const auto ops = lower(
            "ALTER TABLE users ADD COLUMN a int DEFAULT random()::int, ALTER COLUMN b SET NOT NULL,"
            " ALTER COLUMN c DROP NOT NULL, ALTER COLUMN d TYPE bigint USING d::bigint,"
            " ALTER COLUMN e SET DEFAULT 0, ALTER COLUMN f DROP DEFAULT, DROP COLUMN g CASCADE,"
            " ADD CONSTRAINT fk FOREIGN KEY (t) REFERENCES teams (id) NOT VALID, VALIDATE CONSTRAINT fk,"
            " DROP CONSTRAINT IF EXISTS old_check");
        REQUIRE(ops.size() == 10);
        for (const auto& op : ops) CHECK(op.statement == 0);
        const auto& add = ops[0].as<AddColumn>();
        CHECK(add.column.name == "a");
        REQUIRE(add.column.default_value.has_value());
        CHECK(add.column.default_value->volatility == Volatility::volatile_);
        CHECK(ops[1].as<SetNotNull>().column == "b");
        CHECK(ops[2].as<DropNotNull>().column == "c");
        CHECK(ops[3].as<AlterColumnType>().new_type.name == "int8");
        CHECK(ops[3].as<AlterColumnType>().using_expr.has_value());
        CHECK(ops[4].as<SetDefault>().value.has_value());
        CHECK_FALSE(ops[5].as<SetDefault>().value.has_value());
        CHECK(ops[6].as<DropColumn>().cascade);
        const auto& fk = ops[7].as<AddConstraint>().constraint;
        CHECK(fk.kind == ConstraintKind::foreign_key);
        CHECK(fk.not_valid);
        CHECK(fk.columns == std::vector<std::string>{"t"});
        CHECK(ops[8].as<ValidateConstraint>().name == "fk");
        CHECK(ops[9].as<DropConstraint>().if_exists);
    }

    TEST_CASE("sql::lower_sql records indexes: concurrently, unique, partial, expressions, ON ONLY") {
        const auto ops = lower(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i1 ON users USING gin (lower(email), id) WHERE id > 0;"
            "CREATE INDEX ON ONLY events (at);"
            "DROP INDEX CONCURRENTLY IF EXISTS i1, i2;");
        REQUIRE(ops.size() == 4);
        const auto& i1 = ops[0].as<CreateIndex>();
        CHECK(i1.unique);
        CHECK(i1.concurrently);
        CHECK(i1.if_not_exists);
        CHECK(i1.partial);
        CHECK(i1.method == "gin");
        CHECK(i1.columns == std::vector<std::string>{"lower(email)", "id"});
        CHECK(ops[1].as<CreateIndex>().only);
        CHECK(ops[1].as<CreateIndex>().name.empty());
        CHECK(ops[2].as<DropIndex>().index.name == "i1");
        CHECK(ops[3].as<DropIndex>().index.name == "i2");
        CHECK(ops[3].as<DropIndex>().concurrently);
        CHECK(ops[2].statement == ops[3].statement);
    }

    TEST_CASE("sql::lower_sql lowers a type's rename, a function's volatility and a whole-table SELECT") {
        const auto ops = lower(
            "ALTER TYPE app.mood RENAME TO mood__;"
            "ALTER DOMAIN email RENAME TO email_address;"
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"
            "CREATE FUNCTION g() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;"
            "SELECT count(*) FROM \"Orders\";"
            "SELECT id FROM users WHERE id = 1;"
            "SELECT id FROM users LIMIT 1;");
        REQUIRE(ops.size() == 7);
        CHECK(ops[0].as<RenameType>().type == QualifiedName{"app", "mood"});
        CHECK(ops[0].as<RenameType>().new_name == "mood__");
        CHECK(ops[1].as<RenameType>().new_name == "email_address");
        CHECK(ops[2].as<CreateFunction>().volatility == Volatility::volatile_);
        CHECK(ops[3].as<CreateFunction>().volatility == Volatility::stable);
        CHECK(ops[4].as<Other>().reads_whole == QualifiedName{"", "Orders"});
        CHECK(ops[5].as<Other>().reads_whole.empty());
        CHECK(ops[6].as<Other>().reads_whole.empty());
    }

    TEST_CASE("sql::lower_sql lowers types, renames, data changes, transactions and settings") {
        const auto ops = lower(
            "CREATE TYPE mood AS ENUM ('sad', 'ok');"
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok';"
            "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"
            "DROP TYPE IF EXISTS mood CASCADE;"
            "ALTER TABLE users RENAME COLUMN a TO b;"
            "ALTER TABLE users RENAME TO people;"
            "UPDATE people SET b = 1, c = 2 WHERE b IS NULL;"
            "DELETE FROM people;"
            "BEGIN; SET LOCAL lock_timeout = '2s'; COMMIT;"
            "TRUNCATE a, b CASCADE;"
            "LOCK TABLE people IN SHARE MODE;"
            "VACUUM (FULL) people;"
            "DROP TABLE IF EXISTS a, b;");
        REQUIRE(ops.size() == 16);
        CHECK(ops[0].as<CreateEnum>().values == std::vector<std::string>{"sad", "ok"});
        const auto& add = ops[1].as<AlterEnumAddValue>();
        CHECK(add.value == "happy");
        CHECK(add.neighbour == "ok");
        CHECK_FALSE(add.before);
        CHECK(add.if_not_exists);
        CHECK(ops[2].as<AlterEnumRenameValue>().new_value == "blue");
        CHECK(ops[3].as<DropType>().cascade);
        CHECK(ops[4].as<RenameColumn>().new_name == "b");
        CHECK(ops[5].as<RenameTable>().new_name == "people");
        const auto& update = ops[6].as<DataChange>();
        CHECK(update.kind == DataChange::Kind::update);
        CHECK(update.columns_set == std::vector<std::string>{"b", "c"});
        CHECK(update.has_where);
        CHECK(ops[7].as<DataChange>().kind == DataChange::Kind::delete_);
        CHECK_FALSE(ops[7].as<DataChange>().has_where);
        CHECK(ops[8].as<Transaction>().kind == TransactionKind::begin);
        CHECK(ops[9].as<SetSetting>().name == "lock_timeout");
        CHECK(ops[9].as<SetSetting>().value == "2s");
        CHECK(ops[9].as<SetSetting>().local);
        CHECK(ops[10].as<Transaction>().kind == TransactionKind::commit);
        CHECK(ops[11].as<Truncate>().tables.size() == 2);
        CHECK(ops[11].as<Truncate>().cascade);
        CHECK(ops[12].as<LockTable>().mode == "SHARE");
        CHECK(ops[13].as<Vacuum>().full);
        CHECK(ops[14].as<DropTable>().table.name == "a");
        CHECK(ops[15].as<DropTable>().if_exists);
    }

    TEST_CASE("sql::lower_sql keeps the ALTER TABLE forms it has no operation for with their table, lock and rewrite") {
        const auto ops = lower(
            "ALTER TABLE users ENABLE TRIGGER ALL, OWNER TO app;"
            "ALTER TABLE users SET (fillfactor = 70, toast.autovacuum_enabled = false);"
            "ALTER TABLE users SET (fillfactor = 70, user_catalog_table = true);"
            "ALTER TABLE app.users SET TABLESPACE fast;"
            "ALTER TABLE users ALTER COLUMN name OPTIONS (ADD x 'y');");
        REQUIRE(ops.size() == 6);
        const auto& trigger = ops[0].as<AlterTableForm>();
        CHECK(trigger.table.name == "users");
        CHECK(trigger.what == "ENABLE TRIGGER");
        CHECK(trigger.lock == "SHARE ROW EXCLUSIVE");
        CHECK_FALSE(trigger.rewrites);
        CHECK(ops[1].as<AlterTableForm>().lock == "ACCESS EXCLUSIVE");
        CHECK(ops[2].as<AlterTableForm>().lock == "SHARE UPDATE EXCLUSIVE");
        CHECK(ops[3].as<AlterTableForm>().lock == "ACCESS EXCLUSIVE");  // one parameter that needs it is enough
        const auto& tablespace = ops[4].as<AlterTableForm>();
        CHECK(tablespace.table.schema == "app");
        CHECK(tablespace.rewrites);
        CHECK(ops[5].as<Other>().what == "ALTER TABLE");  // a form not known keeps no lock of its own
    }

    TEST_CASE("sql::lower_sql reads a SELECT of set_config() calls as the settings it sets, any other SELECT as a query") {
        const auto ops = lower(
            "SELECT set_config('lock_timeout', '5s', false);"
            "SELECT pg_catalog.set_config('Statement_Timeout', '1min'::text, true), set_config('lock_timeout', '2s', 'of');"
            "SELECT set_config('lock_timeout', '5s', ' Yes ');"
            "SELECT set_config('lock_timeout', '5s', false) FROM pg_settings;"
            "SELECT set_config('lock_timeout', current_setting('x'), false);"
            "SELECT set_config('lock_timeout', '5s', 'maybe');"
            "SELECT set_config('lock_timeout', '5s', false), 1;"
            "SELECT my.set_config('lock_timeout', '5s', false);");
        REQUIRE(ops.size() == 9);
        const auto& first = ops[0].as<SetSetting>();
        CHECK(first.name == "lock_timeout");
        CHECK(first.value == "5s");
        CHECK_FALSE(first.local);
        CHECK_FALSE(first.reset);
        CHECK(ops[1].as<SetSetting>().name == "statement_timeout");
        CHECK(ops[1].as<SetSetting>().value == "1min");
        CHECK(ops[1].as<SetSetting>().local);
        CHECK(ops[2].as<SetSetting>().value == "2s");
        CHECK_FALSE(ops[2].as<SetSetting>().local);
        CHECK(ops[3].as<SetSetting>().local);
        for (std::size_t i = 4; i < ops.size(); ++i) {
            CAPTURE(i);
            CHECK(ops[i].as<Other>().what == "SELECT");
        }
    }

    TEST_CASE("sql::lower_sql reports a syntax error at the parser's position and lowers the other statements") {
        const std::string sql = "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b tetx NOT;\nCREATE INDEX i ON a (id);\n";
        const auto lowered = sql::lower_sql(sql);
        REQUIRE(lowered.diagnostics.size() == 1);
        CHECK(lowered.diagnostics[0].rule == "syntax-error");
        const SourceText source("x.sql", sql);
        CHECK(source.position(lowered.diagnostics[0].span.begin).line == 2);
        REQUIRE(lowered.operations.size() == 2);
        CHECK(lowered.operations[0].kind() == OpKind::create_table);
        CHECK(lowered.operations[1].kind() == OpKind::create_index);
    }
}

TEST_SUITE("sql") {
    TEST_CASE("a CHECK expression keeps its whole text; a DEFAULT stops at the next constraint keyword") {
        const auto ops = sql::lower_sql(
                             "ALTER TABLE t ADD CONSTRAINT c CHECK (email IS NOT NULL AND id > 0) NOT VALID;"
                             "ALTER TABLE t ADD COLUMN d int DEFAULT 0 NOT NULL CHECK (d IS NOT NULL)")
                             .operations;
        REQUIRE(ops.size() == 2);
        CHECK(ops[0].as<AddConstraint>().constraint.check->text == "email IS NOT NULL AND id > 0");
        const auto& column = ops[1].as<AddColumn>().column;
        CHECK(column.default_value->text == "0");
        REQUIRE(column.constraints.size() == 1);
        CHECK(column.constraints[0].check->text == "d IS NOT NULL");
    }
}

TEST_SUITE("sql") {
    TEST_CASE("sql::lower_sql records the string constants of defaults, CHECKs and data changes") {
        const auto ops = lower(
            "ALTER TABLE t ADD COLUMN m mood DEFAULT 'angry'::mood;"
            "ALTER TABLE t ADD CONSTRAINT c CHECK (m IN ('sad', 'it''s'));"
            "UPDATE t SET m = 'angry' WHERE n = 'x';"
            "INSERT INTO t (id, m) VALUES (1, 'sad'), (2, 'angry');"
            "INSERT INTO t (id, m) SELECT id, 'calm' FROM u WHERE k = 'y';"
            "DELETE FROM t WHERE m = 'gone';"
            "CREATE INDEX ix ON t (id) WHERE m = 'angry';");
        REQUIRE(ops.size() == 7);
        CHECK(ops[0].as<AddColumn>().column.default_value->strings == std::vector<std::string>{"angry"});
        CHECK(ops[1].as<AddConstraint>().constraint.check->strings == std::vector<std::string>{"sad", "it's"});
        CHECK(ops[2].as<DataChange>().strings == std::vector<std::string>{"angry", "x"});
        CHECK(ops[3].as<DataChange>().strings == std::vector<std::string>{"sad", "angry"});
        CHECK(ops[4].as<DataChange>().strings == std::vector<std::string>{"calm", "y"});
        CHECK(ops[5].as<DataChange>().strings == std::vector<std::string>{"gone"});
        REQUIRE(ops[6].as<CreateIndex>().where.has_value());
        CHECK(ops[6].as<CreateIndex>().where->text == "m = 'angry'");
        CHECK(ops[6].as<CreateIndex>().where->strings == std::vector<std::string>{"angry"});
    }

    TEST_CASE("sql::lower_sql lowers maintenance statements: REINDEX, CLUSTER, REFRESH, DETACH, domains") {
        const auto ops = lower(
            "REINDEX INDEX CONCURRENTLY ix_a;"
            "REINDEX TABLE app.t;"
            "CLUSTER t USING ix_a;"
            "REFRESH MATERIALIZED VIEW CONCURRENTLY mv;"
            "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;"
            "ALTER TABLE p DETACH PARTITION p2 FINALIZE;"
            "ALTER TABLE p DETACH PARTITION p3;"
            "CREATE DOMAIN pos AS int CHECK (VALUE > 0);"
            "ALTER DOMAIN pos ADD CONSTRAINT pos_small CHECK (VALUE < 100) NOT VALID;"
            "VACUUM FULL t;"
            "LOCK TABLE t;");
        REQUIRE(ops.size() == 11);
        CHECK(ops[0].as<ReindexOp>().target == ReindexOp::Target::index);
        CHECK(ops[0].as<ReindexOp>().concurrently);
        CHECK(ops[1].as<ReindexOp>().target == ReindexOp::Target::table);
        CHECK(ops[1].as<ReindexOp>().name == QualifiedName{"app", "t"});
        CHECK_FALSE(ops[1].as<ReindexOp>().concurrently);
        CHECK(ops[2].as<Cluster>().table.name == "t");
        CHECK(ops[3].as<RefreshMatView>().concurrently);
        CHECK(ops[4].as<DetachPartition>().concurrently);
        CHECK_FALSE(ops[4].as<DetachPartition>().finalize);
        CHECK(ops[5].as<DetachPartition>().finalize);
        CHECK(ops[5].as<DetachPartition>().partition.name == "p2");
        CHECK_FALSE(ops[6].as<DetachPartition>().concurrently);
        CHECK_FALSE(ops[6].as<DetachPartition>().finalize);
        CHECK(ops[7].as<CreateDomain>().has_constraint);
        const auto& add = ops[8].as<AlterDomainAddConstraint>();
        CHECK(add.domain.name == "pos");
        CHECK(add.constraint.name == "pos_small");
        CHECK(add.constraint.not_valid);
        CHECK(add.constraint.check->text == "VALUE < 100");
        CHECK(ops[9].as<Vacuum>().full);
        CHECK(ops[10].as<LockTable>().mode == "ACCESS EXCLUSIVE");
    }
}

TEST_SUITE("sql") {
    TEST_CASE("sql::lower_sql reads VACUUM (FULL false) and (FULL 0) as not FULL") {
        const auto ops = lower("VACUUM (FULL false) t; VACUUM (FULL off) t; VACUUM (FULL 0) t; VACUUM (FULL true) t; VACUUM (FULL) t;");
        REQUIRE(ops.size() == 5);
        CHECK_FALSE(ops[0].as<Vacuum>().full);
        CHECK_FALSE(ops[1].as<Vacuum>().full);
        CHECK_FALSE(ops[2].as<Vacuum>().full);
        CHECK(ops[3].as<Vacuum>().full);
        CHECK(ops[4].as<Vacuum>().full);
    }
}

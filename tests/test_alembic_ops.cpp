#include "alembic/alembic_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

const std::string k_head =
    "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n"
    "revision = 'a1'\ndown_revision = None\n\n";

// The upgrade operations of a revision whose upgrade() body is `body`.
std::vector<Operation> upgrade_ops(const std::string& body) {
    auto m = alembic::parse_revision(std::make_shared<const SourceText>("v.py", k_head + "def upgrade():\n" + body));
    REQUIRE(m);
    CHECK(m->diagnostics.empty());
    return std::move(m->upgrade);
}

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("op.create_table lowers columns with types, nullability, defaults and inline constraints") {
        const auto ops = upgrade_ops(
            "    op.create_table(\n"
            "        'users',\n"
            "        sa.Column('id', sa.Integer(), nullable=False),\n"
            "        sa.Column('email', sa.String(length=255), nullable=False, unique=True),\n"
            "        sa.Column('team_id', sa.BigInteger, sa.ForeignKey('app.teams.id'), nullable=True),\n"
            "        sa.Column('created', sa.DateTime(timezone=True), server_default=sa.text('now()')),\n"
            "        sa.Column('status', sa.Text(), server_default='new', default='x'),\n"
            "        sa.PrimaryKeyConstraint('id'),\n"
            "        schema='app',\n"
            "    )\n");
        REQUIRE(ops.size() == 1);
        const auto& table = ops[0].as<CreateTable>();
        CHECK(table.table == QualifiedName{"app", "users"});
        REQUIRE(table.columns.size() == 5);
        CHECK(table.columns[0].type.name == "int4");
        CHECK(table.columns[0].type.written == "sa.Integer()");
        CHECK(table.columns[0].not_null);
        CHECK(table.columns[0].is_serial);  // the lone integer primary key renders as SERIAL
        CHECK(table.columns[1].type.name == "varchar");
        CHECK(table.columns[1].type.modifiers == std::vector<int>{255});
        REQUIRE(table.columns[1].constraints.size() == 1);
        CHECK(table.columns[1].constraints[0].kind == ConstraintKind::unique);
        CHECK(table.columns[2].type.name == "int8");
        CHECK_FALSE(table.columns[2].not_null);
        REQUIRE(table.columns[2].constraints.size() == 1);
        const auto& fk = table.columns[2].constraints[0];
        CHECK(fk.kind == ConstraintKind::foreign_key);
        CHECK(fk.referenced_table == QualifiedName{"app", "teams"});
        CHECK(fk.referenced_columns == std::vector<std::string>{"id"});
        CHECK(fk.columns == std::vector<std::string>{"team_id"});
        CHECK_FALSE(fk.is_named());
        CHECK(table.columns[3].type.name == "timestamptz");
        REQUIRE(table.columns[3].default_value);
        CHECK(table.columns[3].default_value->text == "now()");
        CHECK(table.columns[3].default_value->volatility == Volatility::stable);
        REQUIRE(table.columns[4].default_value);
        CHECK(table.columns[4].default_value->text == "'new'");
        CHECK(table.columns[4].has_orm_default);
        REQUIRE(table.constraints.size() == 1);
        CHECK(table.constraints[0].kind == ConstraintKind::primary_key);
        CHECK(table.constraints[0].columns == std::vector<std::string>{"id"});
    }

    TEST_CASE("op.create_table emits CREATE TYPE for a named Enum column before the table, unless create_type=False") {
        const auto ops = upgrade_ops(
            "    op.create_table('pets',\n"
            "        sa.Column('mood', sa.Enum('happy', 'sad', name='mood')),\n"
            "        sa.Column('kind', postgresql.ENUM('cat', 'dog', name='kind', create_type=False)),\n"
            "        sa.Column('size', sa.Enum('s', 'l', name='size', native_enum=False)),\n"
            "    )\n");
        REQUIRE(ops.size() == 2);
        const auto& created = ops[0].as<CreateEnum>();
        CHECK(created.type.name == "mood");
        CHECK(created.values == std::vector<std::string>{"happy", "sad"});
        const auto& table = ops[1].as<CreateTable>();
        CHECK(table.columns[0].enum_type == "mood");
        CHECK(table.columns[0].type.name == "mood");
        CHECK(table.columns[1].enum_type == "kind");
        CHECK(table.columns[2].enum_type.empty());
        CHECK(table.columns[2].type.name == "varchar");
        CHECK(ops[0].statement == ops[1].statement);
    }

    TEST_CASE("op.create_table reads named and unnamed table constraints and index=True columns") {
        const auto ops = upgrade_ops(
            "    op.create_table('orders',\n"
            "        sa.Column('id', sa.Integer, primary_key=True),\n"
            "        sa.Column('user_id', sa.Integer, index=True),\n"
            "        sa.UniqueConstraint('user_id', name='uq_orders_user'),\n"
            "        sa.CheckConstraint('id > 0'),\n"
            "        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_orders_user'),\n"
            "    )\n");
        REQUIRE(ops.size() == 2);
        const auto& table = ops[0].as<CreateTable>();
        REQUIRE(table.constraints.size() == 3);
        CHECK(table.constraints[0].kind == ConstraintKind::unique);
        CHECK(table.constraints[0].name == "uq_orders_user");
        CHECK(table.constraints[1].kind == ConstraintKind::check);
        CHECK_FALSE(table.constraints[1].is_named());
        REQUIRE(table.constraints[1].check);
        CHECK(table.constraints[1].check->text == "id > 0");
        CHECK(table.constraints[2].kind == ConstraintKind::foreign_key);
        CHECK(table.constraints[2].referenced_table.name == "users");
        CHECK(table.columns[0].primary_key);
        const auto& index = ops[1].as<CreateIndex>();
        CHECK(index.name == "ix_orders_user_id");
        CHECK(index.table.name == "orders");
        CHECK(index.columns == std::vector<std::string>{"user_id"});
    }

    TEST_CASE("op.add_column and op.drop_column lower with table, column and flags") {
        const auto ops = upgrade_ops(
            "    op.add_column('users', sa.Column('age', sa.SmallInteger(), nullable=False, server_default='0'), schema='s')\n"
            "    op.drop_column('users', 'legacy', if_exists=True)\n");
        REQUIRE(ops.size() == 2);
        const auto& add = ops[0].as<AddColumn>();
        CHECK(add.table == QualifiedName{"s", "users"});
        CHECK(add.column.name == "age");
        CHECK(add.column.type.name == "int2");
        CHECK(add.column.not_null);
        REQUIRE(add.column.default_value);
        CHECK(add.column.default_value->text == "'0'");
        const auto& drop = ops[1].as<DropColumn>();
        CHECK(drop.table.name == "users");
        CHECK(drop.column == "legacy");
        CHECK(drop.if_exists);
        CHECK(ops[0].statement != ops[1].statement);
    }

    TEST_CASE("op.add_column with a volatile server_default is classified like SQL") {
        const auto ops = upgrade_ops(
            "    op.add_column('t', sa.Column('u', postgresql.UUID(as_uuid=True), server_default=sa.text('gen_random_uuid()')))\n"
            "    op.add_column('t', sa.Column('ts', sa.DateTime(), server_default=sa.func.now()))\n");
        REQUIRE(ops.size() == 2);
        const auto& uuid = ops[0].as<AddColumn>().column;
        CHECK(uuid.type.name == "uuid");
        REQUIRE(uuid.default_value);
        CHECK(uuid.default_value->volatility == Volatility::volatile_);
        const auto& ts = ops[1].as<AddColumn>().column;
        CHECK(ts.type.name == "timestamp");
        REQUIRE(ts.default_value);
        CHECK(ts.default_value->text == "now()");
        CHECK(ts.default_value->functions == std::vector<std::string>{"now"});
    }

    TEST_CASE("op.alter_column lowers nullable, type, default and rename into separate operations") {
        const auto ops = upgrade_ops(
            "    op.alter_column('users', 'email', existing_type=sa.String(length=100), type_=sa.Text(),\n"
            "                    nullable=False, server_default=None, new_column_name='mail')\n"
            "    op.alter_column('users', 'age', nullable=True)\n");
        REQUIRE(ops.size() == 5);
        CHECK(ops[0].as<SetNotNull>().column == "email");
        CHECK_FALSE(ops[1].as<SetDefault>().value);
        const auto& type = ops[2].as<AlterColumnType>();
        CHECK(type.new_type.name == "text");
        REQUIRE(type.old_type);
        CHECK(type.old_type->name == "varchar");
        CHECK(type.old_type->modifiers == std::vector<int>{100});
        CHECK(ops[3].as<RenameColumn>().new_name == "mail");
        CHECK(ops[4].as<DropNotNull>().table.name == "users");
        CHECK(ops[0].statement == ops[3].statement);
    }

    TEST_CASE("op.alter_column with postgresql_using keeps the USING expression") {
        const auto ops = upgrade_ops("    op.alter_column('t', 'n', type_=sa.Integer(), postgresql_using='n::integer')\n");
        REQUIRE(ops.size() == 1);
        const auto& type = ops[0].as<AlterColumnType>();
        REQUIRE(type.using_expr);
        CHECK(type.using_expr->text == "n::integer");
    }

    TEST_CASE("op.create_index and op.drop_index carry unique, concurrently, partial and existence flags") {
        const auto ops = upgrade_ops(
            "    op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=True,\n"
            "                    postgresql_concurrently=True, postgresql_where=sa.text('deleted IS NULL'),\n"
            "                    if_not_exists=True, postgresql_using='gin')\n"
            "    op.create_index('ix_lower', 'users', [sa.text('lower(name)')])\n"
            "    op.drop_index('ix_old', table_name='users', postgresql_concurrently=True, if_exists=True)\n");
        REQUIRE(ops.size() == 3);
        const auto& index = ops[0].as<CreateIndex>();
        CHECK(index.name == "ix_users_email");
        CHECK(index.table.name == "users");
        CHECK(index.columns == std::vector<std::string>{"email"});
        CHECK(index.unique);
        CHECK(index.concurrently);
        CHECK(index.partial);
        CHECK(index.if_not_exists);
        CHECK(index.method == "gin");
        const auto& expression = ops[1].as<CreateIndex>();
        CHECK(expression.columns == std::vector<std::string>{"lower(name)"});
        CHECK_FALSE(expression.concurrently);
        CHECK(expression.method == "btree");
        const auto& drop = ops[2].as<DropIndex>();
        CHECK(drop.index.name == "ix_old");
        CHECK(drop.table.name == "users");
        CHECK(drop.concurrently);
        CHECK(drop.if_exists);
    }

    TEST_CASE("op constraint calls lower to AddConstraint, and name None is an unnamed constraint") {
        const auto ops = upgrade_ops(
            "    op.create_unique_constraint(None, 'users', ['email'])\n"
            "    op.create_foreign_key('fk_o_u', 'orders', 'users', ['user_id'], ['id'], postgresql_not_valid=True)\n"
            "    op.create_check_constraint('ck_age', 'users', 'age >= 0')\n"
            "    op.create_primary_key('pk_t', 't', ['a', 'b'])\n"
            "    op.drop_constraint(None, 'users', type_='unique')\n"
            "    op.drop_constraint('fk_o_u', 'orders', type_='foreignkey')\n");
        REQUIRE(ops.size() == 6);
        const auto& unique = ops[0].as<AddConstraint>();
        CHECK(unique.constraint.kind == ConstraintKind::unique);
        CHECK_FALSE(unique.constraint.is_named());
        CHECK(unique.constraint.columns == std::vector<std::string>{"email"});
        const auto& fk = ops[1].as<AddConstraint>();
        CHECK(fk.table.name == "orders");
        CHECK(fk.constraint.kind == ConstraintKind::foreign_key);
        CHECK(fk.constraint.name == "fk_o_u");
        CHECK(fk.constraint.referenced_table.name == "users");
        CHECK(fk.constraint.referenced_columns == std::vector<std::string>{"id"});
        CHECK(fk.constraint.not_valid);
        const auto& check = ops[2].as<AddConstraint>();
        REQUIRE(check.constraint.check);
        CHECK(check.constraint.check->text == "age >= 0");
        CHECK(ops[3].as<AddConstraint>().constraint.columns == std::vector<std::string>{"a", "b"});
        CHECK(ops[4].as<DropConstraint>().name.empty());
        CHECK(ops[5].as<DropConstraint>().name == "fk_o_u");
    }

    TEST_CASE("op.rename_table and op.drop_table lower with their names") {
        const auto ops = upgrade_ops("    op.rename_table('old', 'new')\n    op.drop_table('gone', schema='s')\n");
        REQUIRE(ops.size() == 2);
        CHECK(ops[0].as<RenameTable>().table.name == "old");
        CHECK(ops[0].as<RenameTable>().new_name == "new");
        CHECK(ops[1].as<DropTable>().table == QualifiedName{"s", "gone"});
    }

    TEST_CASE("an op miglint has no kind for becomes Other and queries on op emit nothing") {
        const auto ops = upgrade_ops(
            "    op.bulk_insert(t, [{'a': 1}])\n"
            "    op.create_table_comment('t', 'hello')\n"
            "    bind = op.get_bind()\n"
            "    op.get_context()\n");
        REQUIRE(ops.size() == 2);
        CHECK(ops[0].as<Other>().what == "op.bulk_insert");
        CHECK(ops[1].as<Other>().what == "op.create_table_comment");
    }

    TEST_CASE("SQLAlchemy types map to the names the SQL front end uses") {
        const auto ops = upgrade_ops(
            "    op.create_table('types',\n"
            "        sa.Column('a', sa.BigInteger()), sa.Column('b', sa.SmallInteger),\n"
            "        sa.Column('c', sa.String()), sa.Column('d', sa.VARCHAR(20)),\n"
            "        sa.Column('e', sa.Boolean()), sa.Column('f', sa.Date()),\n"
            "        sa.Column('g', sa.Numeric(10, 2)), sa.Column('h', sa.Float()),\n"
            "        sa.Column('i', sa.JSON()), sa.Column('j', postgresql.JSONB()),\n"
            "        sa.Column('k', sa.LargeBinary()), sa.Column('l', sa.Interval()),\n"
            "        sa.Column('m', sa.CHAR(3)), sa.Column('n', sa.ARRAY(sa.Integer())),\n"
            "        sa.Column('o', sa.DateTime()), sa.Column('p', sa.Uuid()),\n"
            "        sa.Column('q', my_types.Fancy()),\n"
            "    )\n");
        REQUIRE(ops.size() == 1);
        const auto& columns = ops[0].as<CreateTable>().columns;
        REQUIRE(columns.size() == 17);
        const std::vector<std::string> names{"int8", "int2", "varchar", "varchar", "bool", "date", "numeric", "float8",
                                             "json", "jsonb", "bytea", "interval", "bpchar", "int4", "timestamp", "uuid", ""};
        for (std::size_t i = 0; i < names.size(); ++i) CHECK(columns[i].type.name == names[i]);
        CHECK(columns[2].type.modifiers.empty());
        CHECK(columns[3].type.modifiers == std::vector<int>{20});
        CHECK(columns[6].type.modifiers == std::vector<int>{10, 2});
        CHECK(columns[12].type.modifiers == std::vector<int>{3});
        CHECK(columns[13].type.array_dimensions == 1);
        CHECK(columns[16].type.written == "my_types.Fancy()");
    }

    TEST_CASE("ENUM(...).create(op.get_bind()) and .drop() lower to CreateEnum and DropType, also through a name") {
        const auto ops = upgrade_ops(
            "    postgresql.ENUM('a', 'b', name='letters').create(op.get_bind(), checkfirst=True)\n"
            "    status = sa.Enum('on', 'off', name='status')\n"
            "    status.create(op.get_bind())\n"
            "    status.drop(op.get_bind(), checkfirst=True)\n");
        REQUIRE(ops.size() == 3);
        const auto& letters = ops[0].as<CreateEnum>();
        CHECK(letters.type.name == "letters");
        CHECK(letters.values == std::vector<std::string>{"a", "b"});
        CHECK(letters.if_not_exists);
        CHECK(ops[1].as<CreateEnum>().type.name == "status");
        CHECK_FALSE(ops[1].as<CreateEnum>().if_not_exists);
        CHECK(ops[2].as<DropType>().type.name == "status");
        CHECK(ops[2].as<DropType>().if_exists);
    }

    TEST_CASE("op call spans cover the whole call expression") {
        const std::string body = "    op.drop_table(\n        'users'\n    )\n";
        auto m = alembic::parse_revision(std::make_shared<const SourceText>("v.py", k_head + "def upgrade():\n" + body));
        REQUIRE(m);
        REQUIRE(m->upgrade.size() == 1);
        const auto& text = m->source->text();
        CHECK(m->source->slice(m->upgrade[0].span) == "op.drop_table(\n        'users'\n    )");
        CHECK(m->upgrade[0].span.begin == text.find("op.drop_table"));
    }
}

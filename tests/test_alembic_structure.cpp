#include "alembic/alembic_frontend.hpp"

#include <doctest/doctest.h>

using namespace miglint;

namespace {

Migration parse(const std::string& text) {
    auto m = alembic::parse_revision(std::make_shared<const SourceText>("versions/structure.py", text));
    REQUIRE(m);
    return std::move(*m);
}

const std::string k_head = "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\n\n";

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("batch_op calls inside op.batch_alter_table lower against the batch's table") {
        const auto m = parse(k_head +
                             "def upgrade():\n"
                             "    with op.batch_alter_table('users', schema='app') as batch_op:\n"
                             "        batch_op.add_column(sa.Column('age', sa.Integer()))\n"
                             "        batch_op.alter_column('name', nullable=False)\n"
                             "        batch_op.create_index('ix_users_age', ['age'])\n"
                             "        batch_op.create_unique_constraint(None, ['email'])\n"
                             "        batch_op.create_foreign_key('fk_team', 'teams', ['team_id'], ['id'])\n"
                             "        batch_op.drop_constraint('old_ck', type_='check')\n"
                             "        batch_op.drop_column('legacy')\n");
        REQUIRE(m.upgrade.size() == 7);
        const QualifiedName users{"app", "users"};
        CHECK(m.upgrade[0].as<AddColumn>().table == users);
        CHECK(m.upgrade[1].as<SetNotNull>().table == users);
        CHECK(m.upgrade[1].as<SetNotNull>().column == "name");
        CHECK(m.upgrade[2].as<CreateIndex>().table == users);
        CHECK(m.upgrade[2].as<CreateIndex>().columns == std::vector<std::string>{"age"});
        CHECK_FALSE(m.upgrade[3].as<AddConstraint>().constraint.is_named());
        CHECK(m.upgrade[4].as<AddConstraint>().constraint.referenced_table.name == "teams");
        CHECK(m.upgrade[5].as<DropConstraint>().name == "old_ck");
        CHECK(m.upgrade[6].as<DropColumn>().column == "legacy");
    }

    TEST_CASE("a batch_op call records the op.* call doing the same outside the batch block") {
        const auto m = parse(k_head +
                             "T = 'users'\n"
                             "def upgrade():\n"
                             "    with op.batch_alter_table(T, schema='app') as b:\n"
                             "        b.add_column(sa.Column('age', sa.Integer()), insert_after='id')\n"
                             "        b.alter_column('name', nullable=False)\n"
                             "        b.create_index(b.f('ix_users_age'), ['age'])\n"
                             "        b.create_index('ix_users_name', columns=['name'])\n"
                             "        b.create_unique_constraint(constraint_name=None, columns=['email'])\n"
                             "        b.create_foreign_key('fk_team', 'teams', ['team_id'], ['id'], ondelete='CASCADE',)\n"
                             "        b.drop_index('ix_old')\n"
                             "        b.execute('UPDATE users SET age = 0')\n"
                             "    with op.batch_alter_table('teams') as batch_op:\n"
                             "        batch_op.add_column(\n"
                             "            sa.Column('size', sa.Integer()),  # a comment\n"
                             "        )\n"
                             "    op.drop_column('t', 'd')\n");
        REQUIRE(m.upgrade.size() == 10);
        const auto outside = [&](std::size_t i) { return m.upgrade[i].outside_batch ? *m.upgrade[i].outside_batch : "<none>"; };
        CHECK(outside(0) == "op.add_column(T, sa.Column('age', sa.Integer()), schema='app')");
        CHECK(outside(1) == "op.alter_column(T, 'name', nullable=False, schema='app')");
        CHECK(outside(2) == "op.create_index(op.f('ix_users_age'), T, ['age'], schema='app')");
        CHECK(outside(3) == "op.create_index('ix_users_name', T, columns=['name'], schema='app')");
        CHECK(outside(4) == "op.create_unique_constraint(constraint_name=None, columns=['email'], table_name=T, schema='app')");
        CHECK(outside(5) == "op.create_foreign_key('fk_team', T, 'teams', ['team_id'], ['id'], ondelete='CASCADE', source_schema='app',)");
        CHECK(outside(6) == "op.drop_index('ix_old', T, schema='app')");
        CHECK(outside(7) == "op.execute('UPDATE users SET age = 0')");
        CHECK(outside(8) == "op.add_column(\n            'teams', sa.Column('size', sa.Integer()),  # a comment\n        )");
        CHECK(outside(9) == "<none>");
    }

    TEST_CASE("operations inside autocommit_block are marked autocommit and the others are not") {
        const auto m = parse(k_head +
                             "def upgrade():\n"
                             "    op.add_column('t', sa.Column('c', sa.Integer()))\n"
                             "    with op.get_context().autocommit_block():\n"
                             "        op.create_index('ix_c', 't', ['c'], postgresql_concurrently=True)\n"
                             "        op.execute('ALTER TYPE mood ADD VALUE \\'meh\\'')\n"
                             "    op.drop_column('t', 'd')\n");
        REQUIRE(m.upgrade.size() == 4);
        CHECK_FALSE(m.upgrade[0].autocommit);
        CHECK(m.upgrade[1].autocommit);
        CHECK(m.upgrade[1].as<CreateIndex>().concurrently);
        CHECK(m.upgrade[2].autocommit);
        CHECK(m.upgrade[2].kind() == OpKind::alter_enum_add_value);
        CHECK_FALSE(m.upgrade[3].autocommit);
    }

    TEST_CASE("a for loop over a literal list lowers its body once per element") {
        const auto m = parse(k_head +
                             "TABLES = ('orders', 'invoices')\n"
                             "def upgrade():\n"
                             "    for t in ['users', 'teams']:\n"
                             "        op.add_column(t, sa.Column('archived', sa.Boolean()))\n"
                             "        op.create_index(f'ix_{t}_archived', t, ['archived'])\n"
                             "    for name in TABLES:\n"
                             "        op.drop_table(name)\n");
        REQUIRE(m.upgrade.size() == 6);
        CHECK(m.upgrade[0].as<AddColumn>().table.name == "users");
        CHECK(m.upgrade[1].as<CreateIndex>().name == "ix_users_archived");
        CHECK(m.upgrade[2].as<AddColumn>().table.name == "teams");
        CHECK(m.upgrade[3].as<CreateIndex>().name == "ix_teams_archived");
        CHECK(m.upgrade[4].as<DropTable>().table.name == "orders");
        CHECK(m.upgrade[5].as<DropTable>().table.name == "invoices");
        CHECK(m.upgrade[0].span == m.upgrade[2].span);
    }

    TEST_CASE("a loop over values miglint cannot know lowers its body once with unknown names") {
        const auto m = parse(k_head + "def upgrade():\n    for t in get_tables():\n        op.drop_table(t)\n");
        REQUIRE(m.upgrade.size() == 1);
        CHECK(m.upgrade[0].as<DropTable>().table.name.empty());
    }

    TEST_CASE("imports under any alias are tracked: op, sqlalchemy, postgresql and single names") {
        const auto m = parse(
            "import alembic\n"
            "from alembic import op as alembic_op\n"
            "import sqlalchemy as sqla\n"
            "from sqlalchemy.dialects import postgresql as pg\n"
            "from sqlalchemy import Column, BigInteger, text\n"
            "revision = 'x'\n"
            "def upgrade():\n"
            "    alembic_op.add_column('t', Column('a', BigInteger, server_default=text('0')))\n"
            "    alembic.op.add_column('t', sqla.Column('b', pg.JSONB(), nullable=False))\n"
            "    alembic_op.execute(text('DROP TABLE z'))\n");
        REQUIRE(m.upgrade.size() == 3);
        const auto& a = m.upgrade[0].as<AddColumn>().column;
        CHECK(a.type.name == "int8");
        REQUIRE(a.default_value);
        CHECK(a.default_value->text == "0");
        const auto& b = m.upgrade[1].as<AddColumn>().column;
        CHECK(b.type.name == "jsonb");
        CHECK(b.not_null);
        CHECK(m.upgrade[2].as<DropTable>().table.name == "z");
    }

    TEST_CASE("op received as a parameter and helper functions of the file are followed") {
        const auto m = parse(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = 'x'\n"
            "def _drop_all(operations, tables):\n"
            "    for t in tables:\n"
            "        operations.drop_table(t)\n"
            "def upgrade(op=op, tables=('a',)):\n"
            "    _drop_all(op, ['p', 'q'])\n"
            "    _drop_all(op, tables=['r'])\n");
        REQUIRE(m.upgrade.size() == 3);
        CHECK(m.upgrade[0].as<DropTable>().table.name == "p");
        CHECK(m.upgrade[1].as<DropTable>().table.name == "q");
        CHECK(m.upgrade[2].as<DropTable>().table.name == "r");
    }

    TEST_CASE("a helper function that calls itself is followed once, not forever") {
        const auto m = parse(k_head +
                             "def again():\n    op.drop_table('x')\n    again()\n"
                             "def upgrade():\n    again()\n");
        CHECK(m.upgrade.size() == 1);
    }

    TEST_CASE("names bound in a branch are unknown after it") {
        const auto m = parse(k_head +
                             "def upgrade():\n"
                             "    name = 'a'\n"
                             "    if flag:\n"
                             "        name = 'b'\n"
                             "        op.drop_table(name)\n"
                             "    op.drop_table(name)\n");
        REQUIRE(m.upgrade.size() == 2);
        CHECK(m.upgrade[0].as<DropTable>().table.name == "b");
        CHECK(m.upgrade[1].as<DropTable>().table.name.empty());
    }

    TEST_CASE("upgrade and downgrade number their statements separately and in order") {
        const auto m = parse(k_head +
                             "def upgrade():\n    op.drop_table('a')\n    op.execute('DROP TABLE b; DROP TABLE c')\n"
                             "    op.drop_table('d')\n"
                             "def downgrade():\n    op.drop_table('e')\n");
        REQUIRE(m.upgrade.size() == 4);
        CHECK(m.upgrade[0].statement == 0);
        CHECK(m.upgrade[1].statement == 1);
        CHECK(m.upgrade[2].statement == 2);
        CHECK(m.upgrade[3].statement == 3);
        REQUIRE(m.downgrade.size() == 1);
        CHECK(m.downgrade[0].statement == 0);
    }
}

#include "alembic/alembic_frontend.hpp"
#include "alembic/ddl_constructs.hpp"
#include "alembic/module_scope.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace miglint;

namespace {

const std::string k_imports =
    "import sqlalchemy as sa\n"
    "from sqlalchemy import schema, Sequence\n"
    "from sqlalchemy.schema import CreateSchema, DropSchema, CreateSequence, DropSequence, CreateIndex, DropIndex\n"
    "users = sa.table('users', sa.column('email'), sa.column('Org'))\n"
    "audit_log = sa.Table('log', sa.MetaData(), sa.Column('at', sa.DateTime), schema='audit')\n";

// What ddl_construct_sql gives for `expression`, the last line of a module
// holding `module` after the usual imports.
std::optional<alembic::ConstructSql> render(const std::string& expression, const std::string& module = "") {
    const std::string text = k_imports + module + expression + "\n";
    const alembic::SyntaxTree tree(text);
    const alembic::Evaluator eval(text);
    alembic::ModuleLevel level;
    read_module(tree.root(), eval, level);
    const alembic::Node root = tree.root();
    const alembic::Node last = root.named_child(root.named_child_count() - 1);
    REQUIRE(last.is("expression_statement"));
    return ddl_construct_sql(last.named_child(0), eval, level.scope);
}

// The SQL for `expression`, or a marker naming why there is none.
std::string sql_of(const std::string& expression, const std::string& module = "") {
    const auto rendered = render(expression, module);
    if (!rendered) return "<not a construct>";
    return rendered->sql.empty() ? "<unreadable: " + rendered->why + ">" : rendered->sql;
}

bool unreadable(const std::string& expression) {
    const auto rendered = render(expression);
    return rendered && rendered->sql.empty() && !rendered->why.empty();
}

Migration parse(const std::string& body) {
    auto m = alembic::parse_revision(std::make_shared<const SourceText>(
        "versions/ddl.py", "from alembic import op\n" + k_imports + "revision = 'a'\n\ndef upgrade():\n" + body));
    REQUIRE(m);
    return std::move(*m);
}

bool has_diagnostic(const Migration& m, std::string_view rule) {
    return std::any_of(m.diagnostics.begin(), m.diagnostics.end(), [&](const auto& d) { return d.rule == rule; });
}

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("CreateSchema and DropSchema render as SQLAlchemy's PostgreSQL dialect writes them") {
        CHECK(sql_of("CreateSchema('event_editing')") == "CREATE SCHEMA event_editing");
        CHECK(sql_of("sa.schema.CreateSchema('x', if_not_exists=True)") == "CREATE SCHEMA IF NOT EXISTS x");
        CHECK(sql_of("schema.CreateSchema('x')") == "CREATE SCHEMA x");
        CHECK(sql_of("DropSchema('x', cascade=True)") == "DROP SCHEMA x CASCADE");
        CHECK(sql_of("sa.schema.DropSchema('x', if_exists=True, cascade=True)") == "DROP SCHEMA IF EXISTS x CASCADE");
        CHECK(sql_of("DropSchema('billing')") == "DROP SCHEMA billing");
    }

    TEST_CASE("construct names are quoted where PostgreSQL needs it, or as quote= asks") {
        CHECK(sql_of("CreateSchema('user')") == "CREATE SCHEMA \"user\"");
        CHECK(sql_of("CreateSchema('Reporting')") == "CREATE SCHEMA \"Reporting\"");
        CHECK(sql_of("CreateSchema('plain', quote=True)") == "CREATE SCHEMA \"plain\"");
        CHECK(sql_of("CreateSequence(Sequence('order'))") == "CREATE SEQUENCE \"order\"");
        CHECK(sql_of("CreateSequence(Sequence('s', schema='Audit'))") == "CREATE SEQUENCE \"Audit\".s");
    }

    TEST_CASE("CreateSequence and DropSequence render the Sequence's name, schema and options in SQLAlchemy's order") {
        CHECK(sql_of("sa.schema.CreateSequence(sa.schema.Sequence('tag_id_seq'))") == "CREATE SEQUENCE tag_id_seq");
        CHECK(sql_of("sa.schema.DropSequence(sa.schema.Sequence('package_id_seq'))") == "DROP SEQUENCE package_id_seq");
        CHECK(sql_of("CreateSequence(sa.Sequence('s', start=10, increment=2, schema='audit'), if_not_exists=True)") ==
              "CREATE SEQUENCE IF NOT EXISTS audit.s INCREMENT BY 2 START WITH 10");
        CHECK(sql_of("CreateSequence(Sequence('s', minvalue=-5, maxvalue=100, cache=20, cycle=False))") ==
              "CREATE SEQUENCE s MINVALUE -5 MAXVALUE 100 CACHE 20 NO CYCLE");
        CHECK(sql_of("CreateSequence(Sequence('s', nominvalue=True, nomaxvalue=True, cycle=True))") ==
              "CREATE SEQUENCE s NO MINVALUE NO MAXVALUE CYCLE");
        CHECK(sql_of("CreateSequence(Sequence('s', data_type=sa.BigInteger, start=1))") ==
              "CREATE SEQUENCE s AS BIGINT START WITH 1");
        CHECK(sql_of("DropSequence(Sequence('s', start=1), if_exists=True)") == "DROP SEQUENCE IF EXISTS s");
        CHECK(sql_of("CreateSequence(seq)", "seq = Sequence('bound_seq', metadata=sa.MetaData())\n") ==
              "CREATE SEQUENCE bound_seq");
    }

    TEST_CASE("CreateIndex and DropIndex render an Index over columns of one table the file names") {
        CHECK(sql_of("CreateIndex(sa.Index('ix_users_email', users.c.email))") ==
              "CREATE INDEX ix_users_email ON users (email)");
        CHECK(sql_of("CreateIndex(sa.Index('ix', users.c.email, users.c['Org'], unique=True))") ==
              "CREATE UNIQUE INDEX ix ON users (email, \"Org\")");
        CHECK(sql_of("CreateIndex(sa.Index('ix', audit_log.c.at, postgresql_concurrently=True), if_not_exists=True)") ==
              "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON audit.log (at)");
        CHECK(sql_of("CreateIndex(sa.Index('ix', users.c.email, sa.text('lower(email)'), postgresql_using='GIN', "
                     "postgresql_ops={'email': 'gin_trgm_ops'}, postgresql_include=['Org'], "
                     "postgresql_with={'fastupdate': False}, postgresql_tablespace='fast', "
                     "postgresql_where=sa.text('email IS NOT NULL'), mysql_length=10))") ==
              "CREATE INDEX ix ON users USING gin (email gin_trgm_ops, lower(email)) INCLUDE (\"Org\") "
              "WITH (fastupdate = false) TABLESPACE fast WHERE email IS NOT NULL");
        CHECK(sql_of("DropIndex(sa.Index('ix', users.c.email))") == "DROP INDEX ix");
        CHECK(sql_of("DropIndex(sa.Index('ix', audit_log.c.at, postgresql_concurrently=True), if_exists=True)") ==
              "DROP INDEX CONCURRENTLY IF EXISTS audit.ix");
        CHECK(sql_of("DropIndex(sa.Index('ix_old'))") == "DROP INDEX ix_old");
        CHECK(sql_of("CreateIndex(ix)", "ix = sa.Index('ix_bound', users.c.email)\n") ==
              "CREATE INDEX ix_bound ON users (email)");
    }

    TEST_CASE("a construct miglint cannot read fully says what it could not read, never a guess") {
        CHECK(unreadable("CreateSchema(name_from_elsewhere)"));
        CHECK(unreadable("DropSchema('x', cascade=settings.CASCADE)"));
        CHECK(unreadable("CreateSequence(make_sequence())"));
        CHECK(unreadable("CreateSequence(Sequence('s', start=settings.START))"));
        CHECK(unreadable("CreateSequence(Sequence('s', data_type=MyType))"));
        CHECK(unreadable("CreateSequence(Sequence('s', metadata=shared_metadata))"));
        CHECK(unreadable("CreateIndex(sa.Index('ix', sa.func.lower(users.c.email)))"));
        CHECK(unreadable("CreateIndex(sa.Index('ix', 'email'))"));
        CHECK(unreadable("CreateIndex(sa.Index('ix', users.c.email, postgresql_where=users.c.email != None))"));
        CHECK(unreadable("CreateIndex(sa.Index('ix', users.c.email, postgresql_unknown_option=1))"));
        CHECK(unreadable("CreateIndex(sa.Index(None, users.c.email))"));
        CHECK(sql_of("CreateIndex(sa.Index('ix', users.c.email))", "").find("CREATE INDEX") == 0);
        CHECK(sql_of("sa.schema.CreateTable(users)") == "<not a construct>");
        CHECK(sql_of("some_unknown_call()") == "<not a construct>");
    }

    TEST_CASE("a construct's SQL lowers as the same SQL in op.execute does, spanning the call") {
        const auto m = parse(
            "    op.execute(CreateSchema('user'))\n"
            "    op.get_bind().execute(DropSchema('billing', cascade=True))\n"
            "    stmt = CreateIndex(sa.Index('ix', users.c.email))\n"
            "    op.execute(stmt)\n");
        REQUIRE(m.upgrade.size() == 3);
        CHECK(m.upgrade[0].as<CreateSchema>().schema == "user");
        CHECK(m.upgrade[1].as<DropSchema>().cascade);
        CHECK(m.upgrade[2].as<CreateIndex>().table.name == "users");
        for (const auto& op : m.upgrade) {
            CHECK(op.from_sql_string);
            CHECK(op.sql_call == op.span);
            CHECK(m.source->slice(op.span).find("execute(") != std::string_view::npos);
        }
        CHECK(m.diagnostics.empty());
    }

    TEST_CASE("a construct miglint cannot render, or an unknown call, is unresolved-sql") {
        const auto m = parse(
            "    op.execute(CreateIndex(sa.Index('ix', sa.func.lower(users.c.email))))\n"
            "    op.execute(some_unknown_call())\n"
            "    op.execute(sa.schema.CreateTable(users))\n");
        REQUIRE(m.upgrade.size() == 3);
        for (const auto& op : m.upgrade) CHECK(op.kind() == OpKind::unresolved);
        CHECK(std::count_if(m.diagnostics.begin(), m.diagnostics.end(),
                            [](const auto& d) { return d.rule == "unresolved-sql"; }) == 3);
        CHECK(m.diagnostics.front().message.find("CreateIndex") != std::string::npos);
        CHECK_FALSE(has_diagnostic(m, "syntax-error"));
    }
}

#include "alembic/env_py.hpp"

#include <doctest/doctest.h>

using namespace miglint::alembic;

TEST_SUITE("alembic") {
    TEST_CASE("env.py: the online configure decides how revisions run, not the offline one") {
        const auto facts = read_env_py(
            "def run_migrations_offline():\n"
            "    context.configure(url=url, transactional_ddl=True)\n"
            "def run_migrations_online():\n"
            "    context.configure(connection=connection, transactional_ddl=False)\n");
        CHECK(facts.transaction == EnvTransaction::none);
        CHECK(facts.transaction_reason == "transactional_ddl=False");
    }

    TEST_CASE("env.py: transaction_per_migration, AUTOCOMMIT and settings computed at run time") {
        CHECK(read_env_py("context.configure(connection=c, transaction_per_migration=True)\n").transaction ==
              EnvTransaction::per_migration);
        CHECK(read_env_py("c = c.execution_options(isolation_level='AUTOCOMMIT')\ncontext.configure(connection=c)\n")
                  .transaction == EnvTransaction::none);
        CHECK(read_env_py("engine = create_engine(url, isolation_level=\"AUTOCOMMIT\")\n").transaction ==
              EnvTransaction::none);
        CHECK(read_env_py("context.configure(connection=c, transactional_ddl=settings.TX)\n").transaction ==
              EnvTransaction::run_time);
        CHECK(read_env_py("c = c.execution_options(isolation_level=level)\n").transaction == EnvTransaction::run_time);
        CHECK(read_env_py("context.configure(connection=c)\n").transaction == EnvTransaction::alembic_default);
        // A literal that is not AUTOCOMMIT leaves the transaction alone.
        CHECK(read_env_py("c.execution_options(isolation_level='SERIALIZABLE')\n").transaction ==
              EnvTransaction::alembic_default);
    }

    TEST_CASE("env.py: timeouts executed on the connection or passed as its options") {
        auto facts = read_env_py("connection.execute(text(\"SET lock_timeout = '5s'\"))\n");
        CHECK(facts.sets_lock_timeout);
        CHECK_FALSE(facts.sets_statement_timeout);
        facts = read_env_py("connection.exec_driver_sql('SET SESSION statement_timeout TO 60000')\n");
        CHECK(facts.sets_statement_timeout);
        facts = read_env_py("conn.execute(text(\"SELECT set_config('lock_timeout', '5s', false)\"))\n");
        CHECK(facts.sets_lock_timeout);
        facts = read_env_py("engine = create_engine(url, connect_args={'options': '-c lock_timeout=5s'})\n");
        CHECK(facts.sets_lock_timeout);
        facts = read_env_py(
            "engine = create_async_engine(url, connect_args={'server_settings': {'statement_timeout': '60s'}})\n");
        CHECK(facts.sets_statement_timeout);
        // SET LOCAL ends with env.py's own transaction; a comment or an unrelated string sets nothing.
        facts = read_env_py(
            "connection.execute(text('SET LOCAL lock_timeout = 5'))\n# SET lock_timeout = 5\nx = 'lock_timeout'\n");
        CHECK_FALSE(facts.sets_lock_timeout);
    }

    TEST_CASE("env.py: the ini URL is replaced when env.py sets it or builds its own engine without it") {
        CHECK(read_env_py("config.set_main_option('sqlalchemy.url', os.environ['DB'])\n").overrides_ini_url);
        CHECK(read_env_py("engine = create_engine(get_db_url())\n").overrides_ini_url);
        CHECK_FALSE(read_env_py("engine = engine_from_config(config.get_section(config.config_ini_section))\n")
                        .overrides_ini_url);
        CHECK_FALSE(
            read_env_py("engine = create_engine(config.get_main_option('sqlalchemy.url'))\n").overrides_ini_url);
        CHECK_FALSE(read_env_py("context.configure(connection=c)\n").overrides_ini_url);
    }

    TEST_CASE("env.py: the naming convention of the MetaData it builds, inline or bound to a name") {
        auto facts = read_env_py("target_metadata = MetaData(naming_convention={'pk': 'pk_%(table_name)s'})\n");
        REQUIRE(facts.naming_convention.count("pk") == 1);
        CHECK(facts.naming_convention.at("pk") == "pk_%(table_name)s");
        facts = read_env_py(
            "CONVENTION = {'uq': 'uq_%(table_name)s_%(column_0_name)s', sa.Index: 'x'}\n"
            "target_metadata = sa.MetaData(naming_convention=CONVENTION)\n");
        CHECK(facts.naming_convention.size() == 1);
        CHECK(read_env_py("target_metadata = Base.metadata\n").naming_convention.empty());
        // Where the metadata comes from code env.py imports, any convention is unknown here.
        CHECK(read_env_py("target_metadata = Base.metadata\n").metadata_from_code);
        CHECK(read_env_py("target_metadata = current_app.extensions['migrate'].db.metadata\n").metadata_from_code);
        CHECK_FALSE(read_env_py("target_metadata = None\n").metadata_from_code);
        CHECK_FALSE(read_env_py("target_metadata = MetaData()\n").metadata_from_code);
        CHECK_FALSE(read_env_py("target_metadata = sa.MetaData(naming_convention={'pk': 'pk_%(table_name)s'})\n")
                        .metadata_from_code);
    }
}

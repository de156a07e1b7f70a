#include "alembic/alembic_ini.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"

#include "report/report.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>

using namespace miglint;
using miglint::testing::TempDir;

namespace {

std::string revision(const std::string& id, const std::string& down, const std::string& body,
                     const std::string& label = "") {
    return "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + id + "'\ndown_revision = " +
           (down.empty() ? std::string("None") : "'" + down + "'") +
           (label.empty() ? std::string() : "\nbranch_labels = ('" + label + "',)") + "\n\n\ndef upgrade():\n" + body +
           "\n\ndef downgrade():\n    op.drop_index('ix_any')\n";
}

std::size_t count_rule(const LintOutput& output, std::string_view rule) {
    return static_cast<std::size_t>(
        std::count_if(output.findings.begin(), output.findings.end(), [&](const Finding& f) { return f.rule == rule; }));
}

bool has_note(const LintOutput& output, std::string_view part) {
    return std::any_of(output.notes.begin(), output.notes.end(),
                       [&](const std::string& note) { return note.find(part) != std::string::npos; });
}

Settings all_rules_on() {
    Settings settings;
    settings.select = {"all"};
    return settings;
}

const std::string k_index_body = "    op.create_index('ix_users_email', 'users', ['email'])\n";

}  // namespace

TEST_SUITE("alembic") {
    TEST_CASE("alembic.ini: script_location, %(here)s, version_locations and its separator") {
        const std::filesystem::path ini = "/repo/db/alembic.ini";
        auto plain = alembic::parse_alembic_ini(ini, "[alembic]\nscript_location = migrations\n"
                                                     "sqlalchemy.url = postgresql+psycopg2://u@h/db\n");
        REQUIRE(plain);
        CHECK(plain->version_dirs == std::vector<std::filesystem::path>{"/repo/db/migrations/versions"});
        CHECK(plain->dialect == "postgresql");
        CHECK(plain->targets_postgres());

        auto located = alembic::parse_alembic_ini(
            ini, "# comment\n[alembic]\nscript_location = %(here)s/alembic\n"
                 "version_locations = %(here)s/alembic/versions:%(here)s/../plugins/versions\n"
                 "version_path_separator = os\n[loggers]\nkeys = root\n");
        REQUIRE(located);
        CHECK(located->version_dirs ==
              std::vector<std::filesystem::path>{"/repo/db/alembic/versions", "/repo/plugins/versions"});
        CHECK(located->dialect.empty());
        CHECK(located->targets_postgres());

        // Without version_path_separator Alembic splits on spaces and commas.
        auto legacy = alembic::parse_alembic_ini(ini, "[alembic]\nscript_location = a\nversion_locations = x, y z\n");
        REQUIRE(legacy);
        CHECK(legacy->version_dirs.size() == 3);
    }

    TEST_CASE("alembic.ini: dialects of SQLAlchemy URLs and multi-database engines") {
        CHECK(alembic::dialect_of_url("postgres://x") == "postgresql");
        CHECK(alembic::dialect_of_url("postgresql+asyncpg://u:p@h:5432/db") == "postgresql");
        CHECK(alembic::dialect_of_url("sqlite:///local.db") == "sqlite");
        CHECK(alembic::dialect_of_url("mysql+pymysql://u@h/db") == "mysql");
        CHECK(alembic::dialect_of_url("driver://user:pass@localhost/dbname").empty());
        CHECK(alembic::dialect_of_url("%(DB_URL)s").empty());

        auto sqlite = alembic::parse_alembic_ini("/p/alembic.ini", "[alembic]\nscript_location = a\n"
                                                                   "sqlalchemy.url = sqlite:///app.db\n");
        REQUIRE(sqlite);
        CHECK_FALSE(sqlite->targets_postgres());

        auto multi = alembic::parse_alembic_ini("/p/alembic.ini", "[alembic]\nscript_location = a\ndatabases = main, cache\n"
                                                                  "[main]\nsqlalchemy.url = postgresql://h/main\n"
                                                                  "[cache]\nsqlalchemy.url = sqlite:///cache.db\n");
        REQUIRE(multi);
        CHECK(multi->engines == std::set<std::string>{"main", "cache"});
        CHECK(multi->postgres_engines == std::set<std::string>{"main"});
        CHECK(multi->targets_postgres());
    }

    TEST_CASE("alembic.ini: a file that is not an Alembic configuration is an error naming it") {
        const auto none = alembic::parse_alembic_ini("/p/alembic.ini", "[other]\nkey = 1\n");
        REQUIRE_FALSE(none);
        CHECK(none.error().path == "/p/alembic.ini");
        const auto package = alembic::parse_alembic_ini("/p/alembic.ini", "[alembic]\nscript_location = myapp:migrations\n");
        REQUIRE_FALSE(package);
        CHECK(package.error().message.find("package reference") != std::string::npos);
    }

    TEST_CASE("several version_locations of one alembic.ini form one revision graph") {
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/alembic\n"
                                 "version_locations = %(here)s/alembic/versions %(here)s/plugins/versions\n");
        dir.write("alembic/versions/a1_base.py", revision("a1", "", "    pass", "core"));
        // Its parent lives in the other folder: not a missing down_revision.
        dir.write("plugins/versions/b2_plugin.py", revision("b2", "a1", "    pass"));
        // A base of the plugin folder's own, so that folder alone is a graph with a root.
        dir.write("plugins/versions/p0_plugin_base.py", revision("p0", "", "    pass", "plugins"));
        const auto output = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(output.errors.empty());
        CHECK(count_rule(output, "missing-down-revision") == 0);
        CHECK(count_rule(output, "multiple-heads") == 0);

        // Without the ini, the plugin folder is a graph of its own, in which b2's parent is unknown.
        std::filesystem::remove(dir.path() / "alembic.ini");
        const auto alone = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(count_rule(alone, "missing-down-revision") == 1);
    }

    TEST_CASE("the alembic.ini above a linted versions/ folder is found") {
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = db\nsqlalchemy.url = sqlite:///app.db\n");
        dir.write("db/versions/a1_base.py", revision("a1", "", k_index_body));
        const auto output = lint_paths({(dir.path() / "db" / "versions").string()}, all_rules_on());
        CHECK(count_rule(output, "non-concurrent-index") == 0);
        CHECK(has_note(output, "SQLite, as the sqlalchemy.url of"));
    }

    TEST_CASE("a project for another database is not held to PostgreSQL rules, but its graph is checked") {
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = alembic\nsqlalchemy.url = mysql+pymysql://u@h/db\n");
        dir.write("alembic/versions/a1_base.py", revision("a1", "", k_index_body));
        dir.write("alembic/versions/b2_next.py", revision("b2", "zz", k_index_body));
        const auto output = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(count_rule(output, "non-concurrent-index") == 0);
        CHECK(count_rule(output, "missing-down-revision") == 1);
        CHECK(has_note(output, "MySQL, as the sqlalchemy.url of"));

        // The same files in a PostgreSQL project are linted.
        dir.write("alembic.ini", "[alembic]\nscript_location = alembic\nsqlalchemy.url = postgresql://u@h/db\n");
        CHECK(count_rule(lint_paths({dir.path().string()}, all_rules_on()), "non-concurrent-index") == 2);
    }

    TEST_CASE("multi-database projects: only upgrade_<engine>() of PostgreSQL engines is linted") {
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = alembic\ndatabases = main, cache\n"
                                 "[main]\nsqlalchemy.url = postgresql://h/main\n"
                                 "[cache]\nsqlalchemy.url = sqlite:///cache.db\n");
        dir.write("alembic/versions/a1_multi.py",
                  "from alembic import op\nrevision = 'a1'\ndown_revision = None\n\n"
                  "def upgrade(engine_name):\n    globals()['upgrade_%s' % engine_name]()\n\n"
                  "def downgrade(engine_name):\n    globals()['downgrade_%s' % engine_name]()\n\n"
                  "def upgrade_main():\n    op.create_index('ix_a', 'accounts', ['email'])\n\n"
                  "def downgrade_main():\n    op.drop_index('ix_a')\n\n"
                  "def upgrade_cache():\n    op.create_index('ix_c', 'entries', ['key'])\n\n"
                  "def downgrade_cache():\n    op.drop_index('ix_c')\n");
        Settings settings;
        settings.select = {"non-concurrent-index"};
        const auto output = lint_paths({dir.path().string()}, settings);
        REQUIRE(count_rule(output, "non-concurrent-index") == 1);
        CHECK(output.findings.front().message.find("accounts") != std::string::npos);
    }

    TEST_CASE("non-postgres-paths marks files for another database, SQL and Alembic alike") {
        TempDir dir;
        dir.write("sqlite/0001_index.sql", "CREATE INDEX ix ON users (email);\n");
        dir.write("pg/0001_index.sql", "CREATE INDEX ix ON users (email);\n");
        Settings settings;
        settings.select = {"non-concurrent-index"};
        settings.non_postgres_paths = {"*/sqlite/*"};
        const auto output = lint_paths({dir.path().string()}, settings);
        REQUIRE(count_rule(output, "non-concurrent-index") == 1);
        CHECK(output.findings.front().path().find("/pg/") != std::string::npos);
        CHECK(has_note(output, "non-postgres-paths"));
    }

    TEST_CASE("revisions in a folder named after another dialect get the revision-graph checks only") {
        // PrefectHQ/prefect's layout: env.py picks versions/postgresql or versions/sqlite by dialect.
        TempDir dir;
        dir.write("migrations/env.py", "from alembic import context\ncontext.configure(connection=None)\n");
        const std::string sqlite_body = "    op.execute('PRAGMA foreign_keys=OFF')\n" + k_index_body +
                                        "    op.execute(f'UPDATE users SET x = {op}')\n";
        dir.write("migrations/versions/sqlite/a1_base.py", revision("a1", "", sqlite_body));
        dir.write("migrations/versions/sqlite/b2_next.py", revision("b2", "zz", sqlite_body));
        dir.write("migrations/versions/postgresql/a1_base.py", revision("a1", "", k_index_body));
        const auto output = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(count_rule(output, "non-concurrent-index") == 1);
        CHECK(count_rule(output, "syntax-error") == 0);
        CHECK(count_rule(output, "unresolved-sql") == 0);
        CHECK(count_rule(output, "missing-down-revision") == 1);
        for (const auto& f : output.findings) {
            if (f.rule != "missing-down-revision") CHECK(f.path().find("/sqlite/") == std::string::npos);
        }
        CHECK(has_note(output, "SQLite, as the folder name `sqlite` says"));
        CHECK(has_note(output, "PostgreSQL, as the folder name `postgresql` says"));
        REQUIRE(output.graph_only.count("SQLite revision") == 1);
        CHECK(output.graph_only.at("SQLite revision") == 2);
        CHECK(report::render_text(output, {}).find("2 SQLite revisions checked for the revision graph only") !=
              std::string::npos);
    }

    TEST_CASE("non-postgres-paths: a file for another database gives no syntax errors or unresolved SQL either") {
        TempDir dir;
        dir.write("legacy/a1_base.py", revision("a1", "",
                                                "    op.execute('PRAGMA foreign_keys=OFF')\n"
                                                "    op.execute(f'UPDATE users SET x = {op}')\n"));
        Settings settings = all_rules_on();
        settings.non_postgres_paths = {"*/legacy/*"};
        const auto output = lint_paths({dir.path().string()}, settings);
        CHECK(output.findings.empty());
        CHECK(output.graph_only.at("non-PostgreSQL revision") == 1);
    }

    TEST_CASE("an alembic.ini URL that env.py replaces is not evidence of the database") {
        // quay/quay: `sqlite:///will/be/overridden`, replaced in env.py.
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = db\nsqlalchemy.url = sqlite:///will/be/overridden\n");
        dir.write("db/env.py",
                  "from alembic import context\nfrom sqlalchemy import create_engine\n"
                  "config = context.config\n"
                  "config.set_main_option('sqlalchemy.url', get_db_url())\n"
                  "engine = create_engine(get_db_url())\n");
        dir.write("db/versions/a1_base.py", revision("a1", "", k_index_body));
        const auto output = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(count_rule(output, "non-concurrent-index") == 1);
        CHECK(has_note(output, "replaces that URL"));
        CHECK(output.graph_only.empty());

        // An env.py that reads the ini's URL leaves it the evidence.
        dir.write("db/env.py",
                  "from alembic import context\nfrom sqlalchemy import engine_from_config\n"
                  "config = context.config\n"
                  "engine = engine_from_config(config.get_section(config.config_ini_section))\n");
        CHECK(count_rule(lint_paths({dir.path().string()}, all_rules_on()), "non-concurrent-index") == 0);
    }

    TEST_CASE(
        "env.py: revisions outside a transaction, timeouts on the connection, and what decided them in verbose notes") {
        TempDir dir;
        dir.write("alembic.ini", "[alembic]\nscript_location = db\n");
        dir.write("db/env.py",
                  "from alembic import context\n"
                  "def run_migrations_online():\n"
                  "    with engine.connect() as connection:\n"
                  "        connection.exec_driver_sql(\"SET lock_timeout = '3s'\")\n"
                  "        context.configure(connection=connection, transactional_ddl=False)\n");
        dir.write("db/versions/a1_base.py", revision("a1", "",
                                                     "    op.execute('CREATE INDEX CONCURRENTLY ix ON users (email)')\n"
                                                     "    op.add_column('users', sa.Column('x', sa.Text()))\n"));
        auto output = lint_paths({dir.path().string()}, all_rules_on());
        CHECK(count_rule(output, "concurrent-index-in-transaction") == 0);
        CHECK(count_rule(output, "missing-lock-timeout") == 0);
        CHECK(has_note(output, "revisions run outside any transaction (transactional_ddl=False)"));
        CHECK(has_note(output, "it sets lock_timeout on the connection"));

        // Config's assume-in-transaction still decides.
        Settings settings = all_rules_on();
        settings.sql_runner = RunnerTransaction::per_file;
        output = lint_paths({dir.path().string()}, settings);
        CHECK(count_rule(output, "concurrent-index-in-transaction") == 1);
        CHECK(has_note(output, "assume-in-transaction in config decides"));
    }
}

TEST_SUITE("alembic") {
    TEST_CASE("an alembic.ini that cannot be read is an error naming it, and the revisions are still linted") {
        TempDir dir;
        const auto ini = (dir.path() / "alembic.ini").string();
        REQUIRE(::mkfifo(ini.c_str(), 0600) == 0);  // read, it would block; it is refused at once
        dir.write("db/versions/a1_base.py", revision("a1", "", k_index_body));
        const auto output = lint_paths({dir.path().string()}, all_rules_on());
        REQUIRE(output.errors.size() == 1);
        CHECK(output.errors[0].path == ini);
        CHECK(output.errors[0].message.find("not a regular file") != std::string::npos);
        CHECK(count_rule(output, "non-concurrent-index") == 1);
    }
}

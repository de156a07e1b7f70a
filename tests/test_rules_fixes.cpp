// Every mechanical fix a rule offers, applied to its fixture, gives a file
// that still parses and no longer raises that finding; and the exact edits of
// the fixes that name constraints and wrap Alembic calls in autocommit blocks.
#include "fixture_runner.hpp"
#include "test_support.hpp"

#include "pipeline/lint.hpp"

#include "pipeline/discover.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using miglint::testing::TempDir;
using namespace miglint;

namespace {

// The whole file, as the linter reads it.
std::string read_text(const fs::path& path) {
    return miglint::read_file(path.string(), 1ULL << 30).value();
}

// `text` with the fix's edits applied (they never overlap).
std::string applied(std::string text, const Fix& fix) {
    auto edits = fix.edits;
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.span.begin > b.span.begin; });
    for (const auto& edit : edits) text.replace(edit.span.begin, edit.span.size(), edit.replacement);
    return text;
}

std::size_t count_rule(const LintOutput& output, const std::string& rule) {
    return static_cast<std::size_t>(std::count_if(output.findings.begin(), output.findings.end(),
                                                  [&](const Finding& f) { return f.rule == rule; }));
}

// The single fix of `rule` when linting `text` as `path` with every rule on.
std::string fixed(const std::string& path, const std::string& text, const std::string& rule) {
    Settings settings;
    settings.select = {rule};
    const auto output = lint_text(path, text, settings);
    for (const auto& f : output.findings) {
        if (f.rule == rule && f.fix) return applied(text, *f.fix);
    }
    return "(no fix)";
}

// An Alembic revision whose upgrade() holds `body`, lines ended by `eol`.
std::string revision(const std::string& body, const std::string& eol = "\n") {
    std::string out;
    for (const auto* line : {"revision = \"1\"", "down_revision = None", "", "from alembic import op",
                             "import sqlalchemy as sa", "", "", "def upgrade():"}) {
        out += std::string(line) + eol;
    }
    return out + body + eol + eol + eol + "def downgrade():" + eol + "    pass" + eol;
}

}  // namespace

TEST_SUITE("rules") {
    TEST_CASE("every fix applied to a fixture parses and removes its finding") {
        std::size_t fixes = 0;
        for (const auto& dir : fs::directory_iterator(MIGLINT_TEST_FIXTURES)) {
            if (!dir.is_directory() || dir.path().filename().string().starts_with("_")) continue;
            for (const auto& entry : fs::directory_iterator(dir.path())) {
                if (!entry.is_regular_file()) continue;
                const auto text = read_text(entry.path());
                std::vector<std::string> problems;
                const auto first_line = text.substr(0, text.find('\n'));
                const auto settings = testing::fixture_settings(first_line, dir.path().filename().string(), problems);
                const auto path = entry.path().string();
                const auto before = lint_text(path, text, settings);
                for (const auto& finding : before.findings) {
                    if (!finding.fix) continue;
                    ++fixes;
                    CAPTURE(path);
                    CAPTURE(finding.start().line);
                    CAPTURE(finding.rule);
                    const auto after = lint_text(path, applied(text, *finding.fix), settings);
                    CHECK(count_rule(after, "syntax-error") == count_rule(before, "syntax-error"));
                    CHECK(count_rule(after, finding.rule) < count_rule(before, finding.rule));
                }
            }
        }
        CHECK(fixes >= 10);
    }

    TEST_CASE("a rule's registry entry says whether it fixes and which kind, as its fixtures' findings show") {
        for (const Rule* rule : all_rules()) {
            const std::string id(rule->id);
            CAPTURE(id);
            const bool declares = rule->fix != FixAvailability::never;
            // The one line `miglint explain` prints comes with the declaration, never without it.
            CHECK(declares == !rule->fix_does.empty());
            bool safe_seen = false;
            bool unsafe_seen = false;
            bool diff_seen = false;
            const auto dir = fs::path(MIGLINT_TEST_FIXTURES) / id;
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(dir)) {
                if (entry.is_regular_file() && entry.path().filename() != "lock-truth.sql") files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            for (const auto& path : files) {
                const auto text = read_text(path);
                std::vector<std::string> problems;
                const auto settings = testing::fixture_settings(text.substr(0, text.find('\n')), id, problems);
                for (const auto& finding : lint_text(path.string(), text, settings).findings) {
                    if (finding.rule != id || !finding.fix) continue;
                    (finding.fix->unsafe ? unsafe_seen : safe_seen) = true;
                }
                // A declared fix reaches the command line: --diff changes at least one fixture.
                if (declares && !diff_seen) {
                    const auto diff = testing::run_cli({"--diff", "--unsafe-fixes", "--no-config", "--select", id, path.string()});
                    diff_seen = diff.exit_code == 1 && diff.out.find("\n+++ ") != std::string::npos;
                }
            }
            if (declares) CHECK_MESSAGE(diff_seen, "no fixture of the rule where --diff changes the file");
            CHECK_MESSAGE((declares || (!safe_seen && !unsafe_seen)), "its findings carry a fix: declare it (fix, fix_safety, fix_does)");
            if (safe_seen) CHECK_MESSAGE(rule->fix_safety != FixSafety::unsafe, "a safe fix, but fix_safety says unsafe");
            if (unsafe_seen) CHECK_MESSAGE(rule->fix_safety != FixSafety::safe, "an unsafe fix, but fix_safety says safe");
            if (safe_seen && !unsafe_seen) CHECK_MESSAGE(rule->fix_safety != FixSafety::safe_or_unsafe, "only safe fixes seen");
            if (unsafe_seen && !safe_seen) CHECK_MESSAGE(rule->fix_safety != FixSafety::safe_or_unsafe, "only unsafe fixes seen");
        }
    }

    TEST_CASE("unnamed-constraint names a constraint or index the way PostgreSQL would") {
        CHECK(fixed("a.sql", "CREATE TABLE people (id bigint PRIMARY KEY, age int CHECK (age > 0));\n",
                    "unnamed-constraint") ==
              "CREATE TABLE people (id bigint PRIMARY KEY, age int CONSTRAINT people_age_check CHECK (age > 0));\n");
        CHECK(fixed("a.sql", "ALTER TABLE users ADD UNIQUE (email);\n", "unnamed-constraint") ==
              "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n");
        CHECK(fixed("a.sql", "CREATE UNIQUE INDEX CONCURRENTLY ON users (lower(login));\n", "unnamed-constraint") ==
              "CREATE UNIQUE INDEX CONCURRENTLY users_lower_idx ON users (lower(login));\n");
        // Two unnamed checks of one table would both be named people_check: no fix for either.
        CHECK(fixed("a.sql", "CREATE TABLE people (a int, b int, CHECK (a > b), CHECK (b > 0));\n",
                    "unnamed-constraint") == "(no fix)");
    }

    TEST_CASE("unnamed-constraint names an Alembic constraint with name=, or in place of None") {
        CHECK(fixed("v.py", revision("    op.create_unique_constraint(None, \"users\", [\"login\"])"),
                    "unnamed-constraint") ==
              revision("    op.create_unique_constraint(\"users_login_key\", \"users\", [\"login\"])"));
        const std::string columns =
            "    op.create_table(\n        \"t\",\n        sa.Column(\"id\", sa.BigInteger()),\n";
        CHECK(fixed("v.py",
                    revision(columns + "        sa.UniqueConstraint(\n            \"id\",\n        ),\n    )"),
                    "unnamed-constraint") ==
              revision(columns +
                       "        sa.UniqueConstraint(\n            \"id\", name=\"t_id_key\"\n        ),\n    )"));
    }

    TEST_CASE("concurrent-index-in-transaction wraps an Alembic call in autocommit_block, indentation and CRLF kept") {
        const auto call =
            "    op.create_index(\r\n        \"ix_a\", \"users\", [\"a\"],\r\n        "
            "postgresql_concurrently=True,\r\n    )  # why";
        CHECK(fixed("v.py", revision(call, "\r\n"), "concurrent-index-in-transaction") ==
              revision("    with op.get_context().autocommit_block():\r\n"
                       "        op.create_index(\r\n            \"ix_a\", \"users\", [\"a\"],\r\n            "
                       "postgresql_concurrently=True,\r\n        )  # why",
                       "\r\n"));
        // Not alone on its line: no fix.
        CHECK(fixed("v.py",
                    revision("    x = op.create_index(\"ix_a\", \"users\", [\"a\"], postgresql_concurrently=True)",
                             "\r\n"),
                    "concurrent-index-in-transaction") == "(no fix)");
    }

    TEST_CASE("concurrent-index-in-transaction wraps an op.execute of that one statement, not one that runs more") {
        CHECK(fixed("v.py", revision("    op.execute(\"CREATE INDEX CONCURRENTLY ix_a ON users (a)\")"),
                    "concurrent-index-in-transaction") ==
              revision("    with op.get_context().autocommit_block():\n"
                       "        op.execute(\"CREATE INDEX CONCURRENTLY ix_a ON users (a)\")"));
        CHECK(fixed("v.py", revision("    op.execute(\n        sa.text(\"DROP INDEX CONCURRENTLY ix_a\")\n    )"),
                    "concurrent-index-in-transaction") ==
              revision("    with op.get_context().autocommit_block():\n"
                       "        op.execute(\n            sa.text(\"DROP INDEX CONCURRENTLY ix_a\")\n        )"));
        // The other statement of the string would leave the transaction with it.
        CHECK(fixed("v.py",
                    revision("    op.execute(\"UPDATE users SET a = 1; CREATE INDEX CONCURRENTLY ix_a ON users (a)\")"),
                    "concurrent-index-in-transaction") == "(no fix)");
        // Not Alembic's op: the connection's execute is left as written.
        CHECK(fixed("v.py",
                    revision("    conn = op.get_bind()\n    conn.execute(sa.text(\"CREATE INDEX CONCURRENTLY ix_a ON users (a)\"))"),
                    "concurrent-index-in-transaction") == "(no fix)");
    }

    TEST_CASE("constraint-without-not-valid validates after the commit where the runner lets it, else adds NOT VALID alone") {
        // A plain file runs statement by statement: the VALIDATE follows the statement's line.
        CHECK(fixed("a.sql", "ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id);  -- why\nSELECT 1;\n",
                    "constraint-without-not-valid") ==
              "ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;  -- why\n"
              "ALTER TABLE orders VALIDATE CONSTRAINT fk_u;\nSELECT 1;\n");
        // goose: the file leaves goose's transaction.
        CHECK(fixed("a.sql", "-- +goose Up\nALTER TABLE \"Order\" ADD CONSTRAINT ck CHECK (qty > 0);\n", "constraint-without-not-valid") ==
              "-- +goose NO TRANSACTION\n-- +goose Up\nALTER TABLE \"Order\" ADD CONSTRAINT ck CHECK (qty > 0) NOT VALID;\n"
              "ALTER TABLE \"Order\" VALIDATE CONSTRAINT ck;\n");
        // dbmate sends the section as one query string: NOT VALID alone.
        CHECK(fixed("a.sql", "-- migrate:up\nALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0);\n", "constraint-without-not-valid") ==
              "-- migrate:up\nALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0) NOT VALID;\n");
        // Alembic: postgresql_not_valid=True, and the VALIDATE under PostgreSQL's own name in an autocommit block.
        const auto validated = [](const std::string& call, const std::string& name) {
            return revision("    " + call + "\n    with op.get_context().autocommit_block():\n"
                            "        op.execute(\"ALTER TABLE orders VALIDATE CONSTRAINT " + name + "\")");
        };
        CHECK(fixed("v.py", revision("    op.create_foreign_key(None, \"orders\", \"users\", [\"user_id\"], [\"id\"])"),
                    "constraint-without-not-valid") ==
              validated("op.create_foreign_key(None, \"orders\", \"users\", [\"user_id\"], [\"id\"], postgresql_not_valid=True)",
                        "orders_user_id_fkey"));
        CHECK(fixed("v.py", revision("    op.execute(\"ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0)\")"),
                    "constraint-without-not-valid") ==
              validated("op.execute(\"ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0) NOT VALID\")", "ck"));
    }

    TEST_CASE("missing-lock-timeout sets the timeout before the first statement, after comments and markers") {
        CHECK(fixed("a.sql", "-- add a nickname\nALTER TABLE users ADD COLUMN nickname text;\n", "missing-lock-timeout") ==
              "-- add a nickname\nSET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n");
        CHECK(fixed("a.sql", "-- +goose Up\r\n  ALTER TABLE users ADD COLUMN nickname text;\r\n", "missing-lock-timeout") ==
              "-- +goose Up\r\n  SET lock_timeout = '5s';\r\n  ALTER TABLE users ADD COLUMN nickname text;\r\n");
        CHECK(fixed("v.py", revision("    \"\"\"Add a nickname.\"\"\"\n    op.add_column(\"users\", sa.Column(\"n\", sa.Text()))"),
                    "missing-lock-timeout") ==
              revision("    \"\"\"Add a nickname.\"\"\"\n    op.execute(\"SET lock_timeout = '5s'\")\n"
                       "    op.add_column(\"users\", sa.Column(\"n\", sa.Text()))"));
        // Nested in a block, the first call is not where upgrade() starts: no fix.
        CHECK(fixed("v.py", revision("    for t in [\"a\"]:\n        op.add_column(t, sa.Column(\"n\", sa.Text()))"),
                    "missing-lock-timeout") == "(no fix)");
        // A lone index build that another fix may take out of the transaction (diesel's metadata.toml,
        // dbmate's transaction:false) is then sent as one query: a SET before it would join it.
        CHECK(fixed("2024-01-01-000000_x/up.sql", "CREATE INDEX i ON users (a);\n", "missing-lock-timeout") == "(no fix)");
        CHECK(fixed("a.sql", "-- migrate:up\nCREATE INDEX i ON users (a);\n", "missing-lock-timeout") == "(no fix)");
        CHECK(fixed("2024-01-01-000000_x/up.sql", "ALTER TABLE users ADD COLUMN n text;\n", "missing-lock-timeout") ==
              "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN n text;\n");
    }

    TEST_CASE("a statement moves into a migration of its own only when nothing after it touches its table") {
        const std::string file = "20240101120000_x.up.sql";
        // Moved, the index would be built after its column is gone.
        CHECK(fixed(file, "CREATE INDEX CONCURRENTLY i ON users (a);\nALTER TABLE users DROP COLUMN a;\n",
                    "concurrent-index-in-transaction") == "(no fix)");
        // A foreign key to users(a) needs the unique index before it.
        CHECK(fixed(file, "CREATE UNIQUE INDEX CONCURRENTLY i ON users (a);\nALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users (a);\n",
                    "concurrent-index-in-transaction") == "(no fix)");
        // sqlx would run a migration of its own in a transaction too (no `-- no-transaction` line): no split.
        TempDir sqlx;
        sqlx.write("Cargo.toml", "[dependencies]\nsqlx = \"0.8\"\n");
        const std::string two = "CREATE INDEX CONCURRENTLY i ON users (a);\nCREATE TABLE notes (id int);\n";
        CHECK(fixed(sqlx.write("migrations/" + file, two).string(), two, "concurrent-index-in-transaction") == "(no fix)");
        // Another table's statement does not care when the index is built.
        CHECK(fixed(file, "CREATE INDEX CONCURRENTLY i ON users (a);\nCREATE TABLE notes (id int);\n",
                    "concurrent-index-in-transaction") == "CREATE TABLE notes (id int);\n");
    }

    TEST_CASE("set-not-null-scan proves the column with a CHECK validated after the commit, on PostgreSQL 12 to 17") {
        CHECK(fixed("a.sql", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n", "set-not-null-scan") ==
              "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n"
              "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n"
              "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
              "ALTER TABLE users DROP CONSTRAINT users_email_not_null;\n");
        CHECK(fixed("v.py", revision("    op.alter_column(\"users\", \"email\", nullable=False)"), "set-not-null-scan") ==
              revision("    op.create_check_constraint(\"users_email_not_null\", \"users\", \"email IS NOT NULL\", "
                       "postgresql_not_valid=True)\n"
                       "    with op.get_context().autocommit_block():\n"
                       "        op.execute(\"ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null\")\n"
                       "    op.alter_column(\"users\", \"email\", nullable=False)\n"
                       "    op.drop_constraint(\"users_email_not_null\", \"users\", type_=\"check\")"));
        // diesel sends the file as one query even with its transaction off: the VALIDATE would scan under the ADD's lock.
        CHECK(fixed("2024-01-01-000000_email/up.sql", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
                    "set-not-null-scan") == "(no fix)");
    }

    TEST_CASE("add-unique-constraint and add-primary-key build the index concurrently and attach it under the same name") {
        CHECK(fixed("a.sql", "ALTER TABLE users ADD UNIQUE (email);\n", "add-unique-constraint") ==
              "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
              "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n");
        CHECK(fixed("a.sql", "ALTER TABLE app.users ADD CONSTRAINT pk PRIMARY KEY (id);\n", "add-primary-key") ==
              "CREATE UNIQUE INDEX CONCURRENTLY pk ON app.users (id);\n"
              "ALTER TABLE app.users ADD CONSTRAINT pk PRIMARY KEY USING INDEX pk;\n");
        // A clause the fix does not print would be lost.
        CHECK(fixed("a.sql", "ALTER TABLE users ADD UNIQUE (email) DEFERRABLE;\n", "add-unique-constraint") == "(no fix)");
        CHECK(fixed("v.py", revision("    op.create_unique_constraint(\"uq\", \"users\", [\"email\"])"), "add-unique-constraint") ==
              revision("    with op.get_context().autocommit_block():\n"
                       "        op.create_index(\"uq\", \"users\", [\"email\"], unique=True, postgresql_concurrently=True)\n"
                       "    op.execute(\"ALTER TABLE users ADD CONSTRAINT uq UNIQUE USING INDEX uq\")"));
        CHECK(fixed("v.py", revision("    op.create_unique_constraint(\"uq\", \"users\", [\"email\"], deferrable=True)"),
                    "add-unique-constraint") == "(no fix)");
    }

    TEST_CASE("enum-add-value-in-transaction takes the ALTER TYPE out of the transaction in the runner's idiom") {
        CHECK(fixed("a.sql", "-- +goose Up\nALTER TYPE mood ADD VALUE 'x';\nUPDATE people SET mood = 'x';\n",
                    "enum-add-value-in-transaction") ==
              "-- +goose NO TRANSACTION\n-- +goose Up\nALTER TYPE mood ADD VALUE 'x';\nUPDATE people SET mood = 'x';\n");
        // dbmate would send both statements as one query string, one transaction still.
        CHECK(fixed("a.sql", "-- migrate:up\nALTER TYPE mood ADD VALUE 'x';\nUPDATE people SET mood = 'x';\n",
                    "enum-add-value-in-transaction") == "(no fix)");
        CHECK(fixed("v.py", revision("    op.execute(\"ALTER TYPE mood ADD VALUE 'x'\")\n    op.execute(\"UPDATE people SET mood = 'x'\")"),
                    "enum-add-value-in-transaction") ==
              revision("    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TYPE mood ADD VALUE 'x'\")\n"
                       "    op.execute(\"UPDATE people SET mood = 'x'\")"));
    }
}

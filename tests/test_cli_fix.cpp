// `--fix`, `--diff` and `--unsafe-fixes`: what is applied, what is kept byte
// for byte, what is refused, and that a second run finds nothing to do.
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using miglint::testing::run_cli;
using miglint::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A plain SQL migration (no transaction): adding CONCURRENTLY is a safe fix.
const std::string k_index_file =
    "-- build the lookup index\n"
    "SET lock_timeout = '5s';\n"
    "CREATE   INDEX idx_users_email ON users (email);  -- keep this comment\n"
    "CREATE INDEX IF NOT EXISTS idx_users_name ON users (name);\n";
const std::string k_index_fixed =
    "-- build the lookup index\n"
    "SET lock_timeout = '5s';\n"
    "CREATE   INDEX CONCURRENTLY idx_users_email ON users (email);  -- keep this comment\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON users (name);\n";

// An Alembic revision whose CONCURRENTLY build fails in the revision's
// transaction: the fix (an autocommit block) changes the transaction, so it is unsafe.
const std::string k_revision =
    "revision = \"a1\"\n"
    "down_revision = None\n"
    "\n"
    "from alembic import op\n"
    "\n"
    "\n"
    "def upgrade():\n"
    "    op.create_index(\"ix_users_email\", \"users\", [\"email\"], postgresql_concurrently=True)\n"
    "\n"
    "\n"
    "def downgrade():\n"
    "    op.drop_index(\"ix_users_email\", table_name=\"users\")\n";

// One migration with a finding of each statement-level fix kind, in a plain
// SQL file (no transaction), and what --unsafe-fixes makes of it.
const std::string k_orders_file =
    "-- orders: link, enforce, make unique\n"
    "ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);\n"
    "ALTER TABLE orders ALTER COLUMN quantity SET NOT NULL;\n"
    "ALTER TABLE orders ADD UNIQUE (code);\n";
const std::string k_orders_fixed =
    "-- orders: link, enforce, make unique\n"
    "SET lock_timeout = '5s';\n"
    "ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_quantity_not_null CHECK (quantity IS NOT NULL) NOT VALID;\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_not_null;\n"
    "ALTER TABLE orders ALTER COLUMN quantity SET NOT NULL;\n"
    "ALTER TABLE orders DROP CONSTRAINT orders_quantity_not_null;\n"
    "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (code);\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n";

// The same in an Alembic revision whose upgrade() holds `body`: autocommit
// blocks where the revision's transaction must commit first.
std::string orders_revision(const std::string& body) {
    return "revision = \"b2\"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n" + body +
           "\n\ndef downgrade():\n    pass\n";
}
const std::string k_orders_revision = orders_revision(
    "    op.create_foreign_key(\"fk_orders_user\", \"orders\", \"users\", [\"user_id\"], [\"id\"])\n"
    "    op.alter_column(\"orders\", \"quantity\", nullable=False)\n");
const std::string k_orders_revision_fixed = orders_revision(
    "    op.execute(\"SET lock_timeout = '5s'\")\n"
    "    op.create_foreign_key(\"fk_orders_user\", \"orders\", \"users\", [\"user_id\"], [\"id\"], postgresql_not_valid=True)\n"
    "    with op.get_context().autocommit_block():\n"
    "        op.execute(\"ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user\")\n"
    "    op.create_check_constraint(\"orders_quantity_not_null\", \"orders\", \"quantity IS NOT NULL\", postgresql_not_valid=True)\n"
    "    with op.get_context().autocommit_block():\n"
    "        op.execute(\"ALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_not_null\")\n"
    "    op.alter_column(\"orders\", \"quantity\", nullable=False)\n"
    "    op.drop_constraint(\"orders_quantity_not_null\", \"orders\", type_=\"check\")\n");

const std::vector<std::string> k_fix_kinds = {"--select",
                                              "constraint-without-not-valid,set-not-null-scan,add-unique-constraint,missing-lock-timeout"};

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("--unsafe-fixes writes each fix kind in the file's idiom, and a second run changes nothing") {
        TempDir dir;
        const auto sql = dir.write("0002_orders.sql", k_orders_file);
        const auto revision = dir.write("versions/b2_orders.py", k_orders_revision);
        for (const auto& [file, before, after] :
             {std::tuple{sql, k_orders_file, k_orders_fixed}, std::tuple{revision, k_orders_revision, k_orders_revision_fixed}}) {
            CAPTURE(file);
            const auto run = [&](const std::string& mode) {
                auto args = k_fix_kinds;
                args.insert(args.end(), {mode, "--unsafe-fixes", file.string()});
                return run_cli(args);
            };
            const auto diff = run("--diff");
            CHECK(diff.exit_code == 1);
            CHECK(diff.out.find("--- a/" + file.string()) != std::string::npos);
            const bool has_block = diff.out.find("+    with op.get_context().autocommit_block():\n") != std::string::npos;
            CHECK(has_block == (file.extension() == ".py"));
            CHECK(read_all(file) == before);
            const auto fixed = run("--fix");
            CHECK(read_all(file) == after);
            CHECK(fixed.exit_code == 0);
            // Applying twice changes nothing the second time.
            const auto again = run("--fix");
            CHECK(again.err.find("fixed 0 finding(s) in 0 file(s)") != std::string::npos);
            CHECK(read_all(file) == after);
        }
    }

    TEST_CASE("a downgrade is written into the file that holds it, never into an up file whose down file is empty") {
        TempDir dir;
        const auto goose = dir.write("goose/00001_things.sql", "-- +goose Up\nCREATE TABLE things (id bigint);\n\n-- +goose Down\n");
        const auto up = dir.write("pairs/000001_things.up.sql", "CREATE TABLE things (id bigint);\n");
        const auto down = dir.write("pairs/000001_things.down.sql", "-- nothing yet\n");
        const auto fixed = run_cli({"--select", "missing-downgrade", "--fix", "--unsafe-fixes", goose.string(),
                                    (dir.path() / "pairs").string()});
        CHECK(read_all(goose) == "-- +goose Up\nCREATE TABLE things (id bigint);\n\n-- +goose Down\nDROP TABLE things;\n");
        CHECK(read_all(up) == "CREATE TABLE things (id bigint);\n");
        CHECK(read_all(down) == "-- nothing yet\n");
        CHECK(fixed.out.find("000001_things.up.sql") != std::string::npos);  // still reported, unfixed
    }

    TEST_CASE("--diff prints the fixes and writes nothing; --fix writes them, keeping the rest byte for byte") {
        TempDir dir;
        const auto file = dir.write("0001_index.sql", k_index_file);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

        const auto diff = run_cli({"--diff", file.string()});
        CHECK(diff.exit_code == 1);
        CHECK(diff.out.find("-CREATE   INDEX idx_users_email ON users (email);  -- keep this comment\n") != std::string::npos);
        CHECK(diff.out.find("+CREATE   INDEX CONCURRENTLY idx_users_email ON users (email);  -- keep this comment\n") !=
              std::string::npos);
        CHECK(diff.out.find("--- a/" + file.string()) != std::string::npos);
        CHECK(read_all(file) == k_index_file);

        const auto fixed = run_cli({"--fix", file.string()});
        CHECK(read_all(file) == k_index_fixed);
        CHECK(fixed.err.find("fixed 2 finding(s) in 1 file(s)") != std::string::npos);
        CHECK(fixed.out.find("non-concurrent-index") == std::string::npos);  // what is left is reported, and this is gone
        CHECK(fixed.exit_code == 0);
        // The file keeps its permissions.
        CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));

        // Applying twice changes nothing the second time.
        const auto again = run_cli({"--fix", file.string()});
        CHECK(again.err.find("fixed 0 finding(s) in 0 file(s)") != std::string::npos);
        CHECK(read_all(file) == k_index_fixed);
        CHECK(run_cli({"--diff", file.string()}).exit_code == 0);
    }

    TEST_CASE("an unsafe fix waits for --unsafe-fixes") {
        TempDir dir;
        const auto file = dir.write("versions/a1_index.py", k_revision);
        const auto safe_only = run_cli({"--fix", "--select", "concurrent-index-in-transaction", file.string()});
        CHECK(read_all(file) == k_revision);
        CHECK(safe_only.err.find("1 unsafe fix(es) not applied") != std::string::npos);
        CHECK(safe_only.exit_code == 1);

        const auto unsafe = run_cli({"--fix", "--unsafe-fixes", "--select", "concurrent-index-in-transaction", file.string()});
        CHECK(unsafe.err.find("(unsafe fix)") != std::string::npos);
        CHECK(read_all(file).find("    with op.get_context().autocommit_block():\n"
                                  "        op.create_index(\"ix_users_email\", \"users\", [\"email\"], postgresql_concurrently=True)\n") !=
              std::string::npos);
        CHECK(unsafe.exit_code == 0);
        CHECK(run_cli({"--unsafe-fixes", file.string()}).exit_code == 2);  // it only qualifies --fix or --diff
    }

    TEST_CASE("a read-only file or one with a syntax error is not written, and the other files' fixes still are") {
        TempDir dir;
        const auto locked = dir.write("0001_locked.sql", k_index_file);
        fs::permissions(locked, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
        const auto broken_text = "CREATE INDEX idx_a ON users (a);\nALTER TABLE users ADD COLUMN b tetx NOT;\n";
        const auto broken = dir.write("0002_broken.sql", broken_text);
        const auto good = dir.write("0003_good.sql", k_index_file);
        const auto run = run_cli({"--fix", dir.path().string()});
        CHECK(run.err.find(locked.string() + ": not fixed: the file is read-only") != std::string::npos);
        CHECK(run.err.find("fix not applied: the file has a syntax error") != std::string::npos);
        CHECK(read_all(locked) == k_index_file);
        CHECK(read_all(broken) == broken_text);
        CHECK(read_all(good) == k_index_fixed);
        CHECK(run.exit_code == 1);
        CHECK(run_cli({"--fix", "-"}, "SELECT 1;\n").exit_code == 2);  // standard input has no file to write
    }

    TEST_CASE("a fix that needs a file of its own creates it, names it after the version, and never overwrites one") {
        TempDir dir;
        // golang-migrate: one query string of two statements, so the index moves to 20240101120001.
        const auto up = dir.write("gm/20240101120000_notes.up.sql",
                                  "CREATE TABLE notes (id bigint);\nCREATE INDEX CONCURRENTLY notes_id_idx ON users (id);\n");
        dir.write("gm/20240101120000_notes.down.sql", "DROP TABLE notes;\n");
        dir.write("gm/20240301000000_later.up.sql", "SELECT 1;\n");
        // Flyway: the constraint is validated after the commit, with the transaction off in the script's .conf.
        const auto flyway = dir.write("fw/V2__check.sql", "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);\n");
        const std::vector<std::string> select{"--select", "concurrent-index-in-transaction,constraint-without-not-valid"};
        auto args = select;
        args.insert(args.end(), {"--diff", "--unsafe-fixes", (dir.path() / "gm").string(), (dir.path() / "fw").string()});
        const auto diff = run_cli(args);
        CHECK(diff.exit_code == 1);
        CHECK(diff.out.find("--- /dev/null\n+++ b/" + (dir.path() / "gm/20240101120001_concurrent_index_notes_id_idx.up.sql").string()) !=
              std::string::npos);
        CHECK(diff.out.find("+executeInTransaction=false\n") != std::string::npos);
        CHECK(!fs::exists(dir.path() / "fw/V2__check.sql.conf"));

        args = select;
        args.insert(args.end(), {"--fix", "--unsafe-fixes", (dir.path() / "gm").string(), (dir.path() / "fw").string()});
        const auto fixed = run_cli(args);
        CHECK(fixed.err.find("creating 3 file(s)") != std::string::npos);
        CHECK(read_all(up) == "CREATE TABLE notes (id bigint);\n");
        CHECK(read_all(dir.path() / "gm/20240101120001_concurrent_index_notes_id_idx.up.sql") ==
              "CREATE INDEX CONCURRENTLY notes_id_idx ON users (id);\n");
        CHECK(read_all(dir.path() / "gm/20240101120001_concurrent_index_notes_id_idx.down.sql") ==
              "DROP INDEX CONCURRENTLY IF EXISTS notes_id_idx;\n");
        CHECK(read_all(dir.path() / "fw/V2__check.sql.conf") == "executeInTransaction=false\n");
        CHECK(read_all(flyway).find("NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT amount_positive;") != std::string::npos);
        CHECK(fixed.out.find("concurrent-index-in-transaction") == std::string::npos);
        CHECK(fixed.exit_code == 0);
        // Applying twice changes nothing the second time.
        args.back() = (dir.path() / "fw").string();
        const auto again = run_cli(args);
        CHECK(again.err.find("fixed 0 finding(s) in 0 file(s)") != std::string::npos);
    }

    TEST_CASE("no version between two migrations: the fix that needs one is skipped, named, and the rest apply") {
        TempDir dir;
        const auto text = "CREATE TABLE notes (id bigint);\nCREATE INDEX CONCURRENTLY notes_id_idx ON users (id);\n";
        const auto up = dir.write("0001_notes.up.sql", text);
        dir.write("0002_next.up.sql", "SELECT 1;\n");
        const auto run = run_cli({"--select", "concurrent-index-in-transaction", "--fix", "--unsafe-fixes", dir.path().string()});
        CHECK(run.err.find("fix not applied: no version is free between 0001 and 0002") != std::string::npos);
        CHECK(read_all(up) == text);
        CHECK(run.exit_code == 1);
    }

    TEST_CASE("both timeout fixes land at the top in one run, lock_timeout first") {
        TempDir dir;
        const auto file = dir.write("0001_email.sql", "-- enforce\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        const auto run = run_cli({"--select", "missing-lock-timeout,missing-statement-timeout", "--fix", "--unsafe-fixes",
                                  file.string()});
        CHECK(read_all(file) ==
              "-- enforce\nSET lock_timeout = '5s';\nSET statement_timeout = '15min';\n"
              "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        CHECK(run.err.find("fixed 2 finding(s) in 1 file(s)") != std::string::npos);
        CHECK(run.exit_code == 0);
    }

    TEST_CASE("a finding whose statement leaves the fix no place is named, and the file's other fixes apply") {
        TempDir dir;
        const auto file = dir.write("0001_x.sql", "CREATE INDEX a_idx ON users (a);\nDO $$\nBEGIN\n    CREATE INDEX b_idx ON users (b);\nEND $$;\n");
        const auto run = run_cli({"--select", "non-concurrent-index", "--fix", file.string()});
        CHECK(run.err.find(file.string() + ":4:5: non-concurrent-index: not fixed: the statement runs inside a DO block") !=
              std::string::npos);
        CHECK(read_all(file).starts_with("CREATE INDEX CONCURRENTLY a_idx ON users (a);\n"));
        CHECK(run.exit_code == 1);  // the DO block's finding is left
    }
}

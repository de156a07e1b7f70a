// The lock-truth suite (tests/fixtures/lock-truth.md): every rule's lock,
// rewrite and scan claims against a PostgreSQL server the suite starts itself.
#include "lock_truth.hpp"
#include "server_skip.hpp"
#include "sql/sql_frontend.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace miglint::testing::locktruth {
namespace {

const std::filesystem::path k_cases_dir = MIGLINT_LOCK_TRUTH_DIR;
// The version the rules' claims are proven on.
constexpr PgVersion k_server_version{15, 0};

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// MIGLINT_LOCK_TRUTH=rule-a,rule-b runs only those cases (the coverage check still sees all).
bool is_selected(const std::string& rule_id) {
    const char* env = std::getenv("MIGLINT_LOCK_TRUTH");
    if (env == nullptr || *env == '\0') return true;
    std::istringstream list(env);
    for (std::string id; std::getline(list, id, ',');) {
        if (id == rule_id) return true;
    }
    return false;
}

struct Loaded {
    std::vector<Case> cases;
    std::vector<std::string> problems;  // malformed files, unknown rules, rules without a case
};

Loaded load_cases() {
    Loaded loaded;
    std::set<std::string> covered;
    for (const auto& path : case_files(k_cases_dir)) {
        auto c = parse_case(path, read_all(path), loaded.problems);
        if (find_rule(c.rule_id) == nullptr) {
            loaded.problems.push_back(path.string() + ": names no known rule (the folder name is the rule id)");
            continue;
        }
        covered.insert(c.rule_id);
        loaded.cases.push_back(std::move(c));
    }
    std::string missing;
    for (const Rule* rule : all_rules()) {
        if (claims_table_effect(*rule, k_server_version) && covered.count(std::string(rule->id)) == 0) {
            missing += (missing.empty() ? "" : ", ") + std::string(rule->id);
        }
    }
    if (!missing.empty()) {
        loaded.problems.push_back("rules that claim a lock, rewrite or scan have no tests/fixtures/<id>/lock-truth.sql: " +
                                  missing);
    }
    return loaded;
}

void report_unavailable(const std::string& why) {
    testing::report_unavailable("lock-truth", why);
}

}  // namespace

TEST_SUITE("lock-truth") {
    TEST_CASE("locktruth: the test server listens on loopback TCP when asked, and its URL and connection string work") {
        auto server = PgTestServer::start({.tcp = true, .settings = {}});
        if (!server.ok()) {
            report_unavailable(server.error().message);
            return;
        }
        const auto& s = **server;
        CHECK(s.url("app").starts_with("postgresql://postgres@127.0.0.1:" + std::to_string(s.port()) + "/"));
        auto by_url = PgConnection::open(s.url());
        REQUIRE_MESSAGE(by_url.ok(), by_url.error().message);
        auto address = by_url->exec("SELECT inet_server_addr()::text, current_setting('listen_addresses')");
        REQUIRE_MESSAGE(address.ok(), address.error().message);
        CHECK(address->text(0, 0) == "127.0.0.1/32");
        CHECK(address->text(0, 1) == "127.0.0.1");
        auto created = s.run_sql("CREATE DATABASE app");
        REQUIRE_MESSAGE(created.ok(), created.error().message);
        auto rows = s.run_sql("SELECT current_database(), 1 + 1", "app");
        REQUIRE_MESSAGE(rows.ok(), rows.error().message);
        CHECK(rows->text(0, 0) == "app");
        CHECK(rows->text(0, 1) == "2");
        auto failed = s.run_sql("SELECT * FROM no_such_table");
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().message.find("no_such_table") != std::string::npos);
        const auto dir = s.directory();
        server = Error{"stopped", "", std::nullopt};
        CHECK_FALSE(std::filesystem::exists(dir));
    }

    TEST_CASE("locktruth: lock modes rank by PostgreSQL's conflict table in both spellings") {
        CHECK(lock_rank("ACCESS SHARE") == 0);
        CHECK(lock_rank("AccessShareLock") == 0);
        CHECK(lock_rank("SHARE UPDATE EXCLUSIVE") < lock_rank("SHARE"));
        CHECK(lock_rank("ShareRowExclusiveLock") == lock_rank("SHARE ROW EXCLUSIVE"));
        CHECK(lock_rank("ACCESS EXCLUSIVE") == 7);
        CHECK(lock_rank("none") == -1);
        CHECK(lock_rank("") == -1);
        CHECK_FALSE(lock_rank("SHARE ROW EXCLUSIVE (foreign key)").has_value());
        CHECK(metadata_spelling("ShareUpdateExclusiveLock") == "SHARE UPDATE EXCLUSIVE");
        CHECK(metadata_spelling("ExclusiveLock") == "EXCLUSIVE");
    }

    TEST_CASE("locktruth: a rule's lock is a table lock mode name, and what it blocks follows from the mode") {
        for (const Rule* rule : all_rules()) {
            const auto rank = lock_rank(rule->lock);
            if (!rank) {
                const auto problem = std::string(rule->id) + ": lock `" + std::string(rule->lock) +
                                     "` is not a table lock mode (name the strongest mode on the flagged table)";
                FAIL_CHECK(problem);
                continue;
            }
            // ACCESS EXCLUSIVE conflicts with plain SELECT; SHARE up to EXCLUSIVE conflict with ROW EXCLUSIVE (writes).
            std::string expected;
            if (*rank == *lock_rank("ACCESS EXCLUSIVE")) {
                expected = "reads and writes";
            } else if (*rank >= *lock_rank("SHARE")) {
                expected = "writes";
            }
            if (!expected.empty() && rule->blocks != expected) {
                const auto problem = std::string(rule->id) + ": " + std::string(rule->lock) + " blocks " + expected +
                                     ", the rule says `" + std::string(rule->blocks) + "`";
                FAIL_CHECK(problem);
            }
        }
    }

    TEST_CASE("locktruth: a case file's blocks keep their modes, modifiers and SQL") {
        std::vector<std::string> problems;
        const auto c = parse_case("some-rule/lock-truth.sql",
                                  "-- what this case shows\n"
                                  "-- table: app.t\n"
                                  "-- setup:\n"
                                  "CREATE TABLE app.t (id int);\n"
                                  "-- flagged: no-transaction\n"
                                  "DROP INDEX i;\n"
                                  "-- flagged: SHARE ROW EXCLUSIVE, scan\n"
                                  "ALTER TABLE app.t ADD FOREIGN KEY (id) REFERENCES r (id);\n"
                                  "-- safe: share update exclusive, scan, no-transaction\n"
                                  "CREATE INDEX CONCURRENTLY i ON app.t (id);\n"
                                  "-- safe: none, after-previous\n"
                                  "SELECT 1;\n",
                                  problems);
        CHECK(problems.empty());
        CHECK(c.rule_id == "some-rule");
        CHECK(c.table == "app.t");
        CHECK(c.setup == "CREATE TABLE app.t (id int);\n");
        REQUIRE(c.flagged.size() == 2);
        CHECK(c.flagged[0].expect.no_transaction);
        CHECK_FALSE(c.flagged[0].expect.explicit_mode);
        CHECK(c.flagged[1].expect.explicit_mode);
        CHECK(c.flagged[1].expect.mode == "SHARE ROW EXCLUSIVE");
        CHECK(c.flagged[1].expect.scan);
        REQUIRE(c.safe.size() == 2);
        CHECK(c.safe[0].expect.mode == "SHARE UPDATE EXCLUSIVE");
        CHECK(c.safe[0].expect.no_transaction);
        CHECK(c.safe[0].sql == "CREATE INDEX CONCURRENTLY i ON app.t (id);\n");
        CHECK(c.safe[0].line == 9);
        CHECK(c.safe[1].expect.mode.empty());
        CHECK(c.safe[1].expect.after_previous);
    }

    TEST_CASE("locktruth: a malformed case file is reported with its line") {
        std::vector<std::string> problems;
        parse_case("r/lock-truth.sql",
                   "-- setup:\nSELECT 1;\n-- flagged: scan\nSELECT 1;\n-- safe: sometimes\nSELECT 1;\n"
                   "-- safe: ACCESS SHARE, quickly\nSELECT 1;\n",
                   problems);
        const auto has = [&](const std::string& text) {
            return std::any_of(problems.begin(), problems.end(),
                               [&](const std::string& p) { return p.find(text) != std::string::npos; });
        };
        CHECK(has("r/lock-truth.sql:1: no `-- table:` line"));
        CHECK(has("r/lock-truth.sql:3: `rewrite` and `scan` on a flagged block come from the rule's metadata"));
        CHECK(has("r/lock-truth.sql:5: `-- safe:` needs the expected lock mode first"));
        CHECK(has("r/lock-truth.sql:7: unknown modifier `quickly`"));
    }

    TEST_CASE(
        "locktruth: every rule claiming a lock, rewrite or scan has a case file, and every case file names a rule") {
        const auto loaded = load_cases();
        for (const auto& problem : loaded.problems) FAIL_CHECK(problem);
        CHECK_FALSE(loaded.cases.empty());
    }

    TEST_CASE("locktruth: every flagged block is flagged by its rule, with the setup as an earlier migration") {
        const auto loaded = load_cases();
        for (const auto& c : loaded.cases) {
            for (const auto& block : c.flagged) {
                const TempDir dir;
                dir.write("001_setup.sql", c.setup);
                // A block the harness runs in a transaction is linted in one, as a migration runner would run it.
                const bool in_transaction = !block.expect.no_transaction;
                dir.write("002_flagged.sql", in_transaction ? "BEGIN;\n" + block.sql + "COMMIT;\n" : block.sql);
                const auto run =
                    run_cli({"--select", c.rule_id, "--format", "json", "--no-config", dir.path().string()});
                const auto report = nlohmann::json::parse(run.out, nullptr, false);
                bool found = false;
                if (report.is_object() && report.contains("findings")) {
                    for (const auto& finding : report["findings"]) {
                        found = found || (finding.value("rule", "") == c.rule_id &&
                                          finding.value("path", "").ends_with("002_flagged.sql"));
                    }
                }
                if (!found) {
                    const auto problem = c.path.filename().string() + ":" + std::to_string(block.line) + ": " +
                                         c.rule_id + " does not flag this block, so the case proves nothing about it";
                    FAIL_CHECK(problem);
                }
            }
        }
    }

    TEST_CASE(
        "locktruth: each rule's lock, rewrite and scan claims hold on PostgreSQL, and its safe alternatives take the "
        "lock they state") {
        const auto loaded = load_cases();
        // Parallel workers read rows this backend's counters never see: one process does all the work.
        auto server = PgTestServer::start(
            {.tcp = false, .settings = {"max_parallel_maintenance_workers = 0", "max_parallel_workers_per_gather = 0"}});
        if (!server.ok()) {
            report_unavailable(server.error().message);
            return;
        }
        MESSAGE("lock-truth: " << (*server)->version());
        std::size_t disagreements = 0;
        std::size_t ran = 0;
        for (const auto& c : loaded.cases) {
            if (!is_selected(c.rule_id)) continue;
            ++ran;
            for (const auto& line : run_case(**server, c, *find_rule(c.rule_id))) {
                ++disagreements;
                FAIL_CHECK(line);
            }
        }
        if (disagreements > 0) {
            (*server)->keep();
            MESSAGE("lock-truth: server directory kept for inspection: " << (*server)->directory().string());
        }
        MESSAGE("lock-truth: " << ran << " case files run, " << disagreements << " disagreements");
    }

    TEST_CASE("locktruth: the ALTER TABLE forms lowered without an operation of their own take the lock and rewrite "
              "miglint records for them") {
        // A table with what each form needs: a trigger, a rule, an index, a generated and an identity
        // column, a parent to inherit from; `owners` for a foreign key to alter.
        const std::string setup =
            "CREATE TABLE base (id bigint NOT NULL);\n"
            "CREATE TABLE owners (id bigint PRIMARY KEY);\n"
            "INSERT INTO owners VALUES (1);\n"
            "CREATE TABLE accounts (id bigint PRIMARY KEY, login text NOT NULL, nickname text, num int NOT NULL,\n"
            "  twice bigint GENERATED ALWAYS AS (id * 2) STORED, ident int GENERATED BY DEFAULT AS IDENTITY,\n"
            "  owner_id bigint CONSTRAINT accounts_owner_fkey REFERENCES owners (id));\n"
            "INSERT INTO accounts (id, login, num, owner_id) SELECT g, 'user' || g, g, 1 FROM generate_series(1, 20000) AS g;\n"
            "CREATE INDEX accounts_login_idx ON accounts (login);\n"
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
            "CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();\n"
            "CREATE RULE accounts_keep AS ON DELETE TO accounts DO ALSO NOTHING;\n"
            "ANALYZE accounts;\n";
        // Forms that name the place they already are in (pg_default, heap) change nothing: no rewrite to see.
        struct Form {
            std::string sql;
            bool same_place = false;
        };
        const std::vector<Form> forms{
            {"ALTER TABLE accounts ENABLE TRIGGER accounts_touch"}, {"ALTER TABLE accounts DISABLE TRIGGER ALL"},
            {"ALTER TABLE accounts ENABLE ALWAYS TRIGGER accounts_touch"}, {"ALTER TABLE accounts DISABLE TRIGGER USER"},
            {"ALTER TABLE accounts DISABLE RULE accounts_keep"}, {"ALTER TABLE accounts ENABLE REPLICA RULE accounts_keep"},
            {"ALTER TABLE accounts ALTER COLUMN login SET STATISTICS 500"},
            {"ALTER TABLE accounts ALTER COLUMN login SET (n_distinct = 100)"},
            {"ALTER TABLE accounts ALTER COLUMN login RESET (n_distinct)"},
            {"ALTER TABLE accounts ALTER COLUMN nickname SET STORAGE EXTERNAL"},
            {"ALTER TABLE accounts ALTER COLUMN nickname SET COMPRESSION pglz"},
            {"ALTER TABLE accounts ALTER COLUMN twice DROP EXPRESSION"},
            {"ALTER TABLE accounts ALTER COLUMN num ADD GENERATED ALWAYS AS IDENTITY"},
            {"ALTER TABLE accounts ALTER COLUMN ident SET GENERATED ALWAYS"},
            {"ALTER TABLE accounts ALTER COLUMN ident DROP IDENTITY"},
            {"ALTER TABLE accounts ALTER CONSTRAINT accounts_owner_fkey DEFERRABLE"},
            {"ALTER TABLE accounts CLUSTER ON accounts_login_idx"}, {"ALTER TABLE accounts SET WITHOUT CLUSTER"},
            {"ALTER TABLE accounts SET (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false)"},
            {"ALTER TABLE accounts SET (parallel_workers = 2, vacuum_truncate = false)"},
            {"ALTER TABLE accounts RESET (fillfactor)"},
            {"ALTER TABLE accounts SET (user_catalog_table = true)"},
            {"ALTER TABLE accounts SET TABLESPACE pg_default", true},
            {"ALTER TABLE accounts SET ACCESS METHOD heap", true},
            {"ALTER TABLE base SET UNLOGGED"},
            {"ALTER TABLE accounts OWNER TO CURRENT_USER"},
            {"ALTER TABLE accounts REPLICA IDENTITY FULL"},
            {"ALTER TABLE accounts ENABLE ROW LEVEL SECURITY"}, {"ALTER TABLE accounts FORCE ROW LEVEL SECURITY"},
            {"ALTER TABLE accounts NO FORCE ROW LEVEL SECURITY"}, {"ALTER TABLE accounts DISABLE ROW LEVEL SECURITY"},
            {"ALTER TABLE base INHERIT owners"},
        };
        auto server = PgTestServer::start({.tcp = false});
        if (!server.ok()) {
            report_unavailable(server.error().message);
            return;
        }
        const auto* rule = find_rule("missing-lock-timeout");
        REQUIRE(rule != nullptr);
        for (const auto& form : forms) {
            CAPTURE(form.sql);
            auto lowered = sql::lower_sql(form.sql + ";");
            REQUIRE(lowered.operations.size() == 1);
            const auto* op = lowered.operations.front().get<AlterTableForm>();
            REQUIRE(op != nullptr);
            Case c;
            c.rule_id = "alter-table-form";
            c.table = op->table.name;
            c.setup = setup + (c.table == "base" ? "INSERT INTO base SELECT generate_series(1, 1000);\n" : "");
            Block block;
            block.expect.mode = op->lock;
            block.expect.rewrite = op->rewrites && !form.same_place;
            block.expect.scan = block.expect.rewrite;
            block.sql = form.sql + ";";
            block.line = 1;
            c.safe.push_back(block);
            for (const auto& line : run_case(**server, c, *rule)) FAIL_CHECK(line);
        }
    }
}

}  // namespace miglint::testing::locktruth

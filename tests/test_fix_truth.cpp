// The fix-truth suite (tests/fixtures/fix-truth.md): every fix kind applied by
// the real binary and run, original and fixed, on a PostgreSQL server the
// suite starts itself.
#include "fix_truth.hpp"
#include "fixture_runner.hpp"
#include "lock_truth.hpp"
#include "server_skip.hpp"

#include "pipeline/lint.hpp"

#include "pipeline/discover.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace miglint::testing::fixtruth {
namespace {

namespace fs = std::filesystem;
const fs::path k_fixtures = MIGLINT_TEST_FIXTURES;

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// MIGLINT_FIX_TRUTH=rule-a,fix-truth-goose runs only the cases of those rules or with those file stems.
bool is_selected(const Case& c) {
    const char* env = std::getenv("MIGLINT_FIX_TRUTH");
    if (env == nullptr || *env == '\0') return true;
    std::istringstream list(env);
    for (std::string id; std::getline(list, id, ',');) {
        if (id == c.rule_id || id == c.path.stem().string()) return true;
    }
    return false;
}

struct Loaded {
    std::vector<Case> cases;
    std::vector<std::string> problems;
};

Loaded load_cases() {
    Loaded loaded;
    for (const auto& path : case_files(k_fixtures)) {
        auto c = parse_case(path, read_all(path), loaded.problems);
        if (find_rule(c.rule_id) == nullptr) {
            loaded.problems.push_back(path.string() + ": names no known rule (the folder name is the rule id)");
            continue;
        }
        loaded.cases.push_back(std::move(c));
    }
    return loaded;
}

// The languages ("sql", "python") in which `rule`'s own fixtures carry a fix.
std::set<std::string> languages_with_fixes(const Rule& rule) {
    std::set<std::string> out;
    const auto dir = k_fixtures / std::string(rule.id);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (!entry.is_regular_file() || name == "lock-truth.sql" || name.starts_with("fix-truth")) continue;
        const auto text = read_file(entry.path().string(), 1ULL << 30).value();
        std::vector<std::string> problems;
        const auto settings = fixture_settings(text.substr(0, text.find('\n')), std::string(rule.id), problems);
        for (const auto& finding : lint_text(entry.path().string(), text, settings).findings) {
            if (finding.rule == rule.id && finding.fix) out.insert(entry.path().extension() == ".py" ? "python" : "sql");
        }
    }
    return out;
}

// The modes of the `-- safe:` blocks of `rule_id`'s lock-truth case; empty without one.
std::set<std::string> lock_truth_safe_modes(const std::string& rule_id) {
    std::set<std::string> modes;
    const auto path = k_fixtures / rule_id / std::string(locktruth::k_lock_truth_file);
    if (!fs::exists(path)) return modes;
    std::vector<std::string> problems;
    for (const auto& block : locktruth::parse_case(path, read_all(path), problems).safe) modes.insert(block.expect.mode);
    return modes;
}

}  // namespace

TEST_SUITE("fix-truth") {
    TEST_CASE("fixtruth: a migration's runner comes from its name and its goose or dbmate markers") {
        CHECK(runner_of("0002_add_index.sql", "CREATE INDEX i ON t (a);\n") == Runner::statements);
        CHECK(runner_of("20240101_x/migration.sql", "") == Runner::one_query);
        CHECK(runner_of("000002_x.up.sql", "") == Runner::one_query);
        CHECK(runner_of("2024-01-01-000000_x/up.sql", "") == Runner::transaction);
        CHECK(runner_of("V2__add_index.sql", "") == Runner::transaction);
        CHECK(runner_of("versions/a1_x.py", "") == Runner::alembic);
        CHECK(runner_of("0002_x.sql", "-- +goose Up\nCREATE INDEX i ON t (a);\n") == Runner::transaction);
        CHECK(runner_of("0002_x.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n") == Runner::statements);
        CHECK(runner_of("0002_x.sql", "-- migrate:up\nSELECT 1;\n") == Runner::transaction);
        CHECK(runner_of("0002_x.sql", "-- migrate:up transaction:false\nSELECT 1;\n") == Runner::statements);
        CHECK(up_section("-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n") == "SELECT 1;\n");
        CHECK(up_section("-- migrate:up\nSELECT 1;\n\n-- migrate:down\nSELECT 2;\n") == "SELECT 1;\n\n");
        CHECK(up_section("SELECT 1;\n") == "SELECT 1;\n");
    }

    TEST_CASE("fixtruth: a case file's header, setup and intended blocks are read; a malformed one is reported") {
        std::vector<std::string> problems;
        const auto c = parse_case("some-rule/fix-truth-x.sql",
                                  "-- fix-truth: table=app.t; lock=share update exclusive; as=V2__x.sql; fixes=2; "
                                  "leftover=not-valid; no-scan\n"
                                  "-- setup:\n"
                                  "--   CREATE TABLE app.t (id int);\n"
                                  "--\n"
                                  "--   INSERT INTO app.t VALUES (1);\n"
                                  "-- intended:\n"
                                  "--   CREATE INDEX CONCURRENTLY i ON app.t (id);\n"
                                  "CREATE INDEX i ON app.t (id);\n",
                                  problems);
        CHECK(problems.empty());
        CHECK(c.rule_id == "some-rule");
        CHECK(c.table == "app.t");
        CHECK(c.lock == "SHARE UPDATE EXCLUSIVE");
        CHECK(c.file_name == "V2__x.sql");
        CHECK(c.fixes == 2);
        CHECK(c.not_valid_leftover);
        CHECK(c.no_scan);
        CHECK(c.setup == "CREATE TABLE app.t (id int);\n\nINSERT INTO app.t VALUES (1);\n");
        CHECK(c.intended == "CREATE INDEX CONCURRENTLY i ON app.t (id);\n");

        std::vector<std::string> bad;
        const auto py = parse_case("r/fix-truth-x.py", "# fix-truth: lock=sometimes; quickly\nrevision = \"1\"\n", bad);
        CHECK(py.alembic);
        CHECK(py.file_name == "versions/0002_fix_truth.py");
        const auto has = [&](const std::string& text) {
            return std::any_of(bad.begin(), bad.end(), [&](const std::string& p) { return p.find(text) != std::string::npos; });
        };
        CHECK(has("r/fix-truth-x.py:1: `lock=sometimes` is not a table lock mode or none"));
        CHECK(has("r/fix-truth-x.py:1: unknown item `quickly`"));
        CHECK(has("r/fix-truth-x.py:1: no `table=`"));
        CHECK(has("r/fix-truth-x.py:1: no `setup:` block"));
    }

    TEST_CASE("fixtruth: every rule that fixes has a case in each language its fixes are offered in, promising its "
              "safe way's lock") {
        const auto loaded = load_cases();
        for (const auto& problem : loaded.problems) FAIL_CHECK(problem);
        for (const Rule* rule : all_rules()) {
            const std::string id(rule->id);
            std::set<std::string> covered;
            for (const auto& c : loaded.cases) {
                if (c.rule_id == id) covered.insert(c.alembic ? "python" : "sql");
            }
            if (rule->fix != FixAvailability::never && covered.empty()) {
                const auto problem = id + " declares a fix but has no tests/fixtures/" + id + "/fix-truth*.sql or .py case";
                FAIL_CHECK(problem);
            }
            for (const auto& language : languages_with_fixes(*rule)) {
                if (covered.count(language) == 0) {
                    const auto problem = id + ": its " + language + " fixtures carry a fix, but no fix-truth case is in " +
                                         (language == "python" ? "Alembic (fix-truth*.py)" : "SQL (fix-truth*.sql)");
                    FAIL_CHECK(problem);
                }
            }
        }
        // A rule with a lock-truth case proved its safe way's modes: a case promises one of them.
        for (const auto& c : loaded.cases) {
            const auto modes = lock_truth_safe_modes(c.rule_id);
            if (!modes.empty() && modes.count(c.lock) == 0) {
                const auto problem = c.path.string() + ": `lock=" + (c.lock.empty() ? "none" : c.lock) +
                                     "` is none of the modes its lock-truth.sql proves for the safe way";
                FAIL_CHECK(problem);
            }
        }
    }

    TEST_CASE("fixtruth: each fix, applied by the binary, runs on PostgreSQL, ends in the original's schema and takes "
              "no lock stronger than the safe way promises") {
        const auto loaded = load_cases();
        REQUIRE_FALSE(loaded.cases.empty());
        auto server = PgTestServer::start(
            {.tcp = false, .settings = {"max_parallel_maintenance_workers = 0", "max_parallel_workers_per_gather = 0"}});
        if (!server.ok()) {
            report_unavailable("fix-truth", server.error().message);
            return;
        }
        MESSAGE("fix-truth: " << (*server)->version());
        const auto python = alembic_python();
        if (!python.ok()) {
            if (is_ci()) FAIL_CHECK("fix-truth: " << python.error().message << " (CI=true: the Alembic cases must run)");
            MESSAGE("fix-truth: Alembic cases not run: " << python.error().message);
        }
        std::size_t ran = 0;
        std::size_t problems = 0;
        for (const auto& c : loaded.cases) {
            if (!is_selected(c) || (c.alembic && !python.ok())) continue;
            ++ran;
            std::vector<std::string> log;
            for (const auto& line : run_case(**server, c, python.ok() ? *python : std::string(), log)) {
                ++problems;
                FAIL_CHECK(line);
            }
            for (const auto& line : log) MESSAGE("fix-truth: " << line);
        }
        if (problems > 0) {
            (*server)->keep();
            MESSAGE("fix-truth: server directory kept for inspection: " << (*server)->directory().string());
        }
        MESSAGE("fix-truth: " << ran << " cases run, " << problems << " problems");
    }
}

}  // namespace miglint::testing::fixtruth

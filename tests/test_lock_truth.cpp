// The lock-truth suite (tests/lock-truth/README.md): every rule's lock,
// rewrite and scan claims against a PostgreSQL server the suite starts itself.
#include "lock_truth.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
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
            loaded.problems.push_back(path.filename().string() +
                                      ": names no known rule (the file name is the rule id)");
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
        loaded.problems.push_back("rules that claim a lock, rewrite or scan have no tests/lock-truth/<id>.sql: " +
                                  missing);
    }
    return loaded;
}

bool is_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

}  // namespace

TEST_SUITE("lock-truth") {
    TEST_CASE(
        "locktruth: every rule claiming a lock, rewrite or scan has a case file, and every case file names a rule") {
        const auto loaded = load_cases();
        for (const auto& problem : loaded.problems) FAIL_CHECK(problem);
        CHECK_FALSE(loaded.cases.empty());
    }

    TEST_CASE(
        "locktruth: each rule's lock, rewrite and scan claims hold on PostgreSQL, and its safe alternatives take the "
        "lock they state") {
        const auto loaded = load_cases();
        auto server = PgTestServer::start();
        if (!server.ok()) {
            const auto why = "PostgreSQL could not be started: " + server.error().message;
            if (is_ci() || !loaded.problems.empty()) {
                const auto failure = why + (is_ci() ? " (CI=true: the lock-truth suite must run)" : "");
                FAIL(failure);
            }
            // ctest marks the test skipped on this line (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt).
            std::cout << "lock-truth: SKIPPED: " << why << "\n";
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
}

}  // namespace miglint::testing::locktruth

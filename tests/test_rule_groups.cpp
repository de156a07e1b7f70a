// Rule groups: a tag names every rule that carries it, wherever a rule id is accepted.
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

const std::string k_migration = "CREATE TABLE t (id bigint CONSTRAINT t_pkey PRIMARY KEY, name varchar(40), at timestamp);\n"
                                "CREATE INDEX t_name_idx ON users (name);\n";

std::set<std::string> rules_reported(const TempDir& tmp, const std::string& config, std::vector<std::string> args = {}) {
    tmp.write("miglint.toml", config);
    args.insert(args.begin(), {"--format", "json"});
    args.push_back((tmp.path() / "m").string());
    const auto run = run_cli(args);
    const auto report = nlohmann::json::parse(run.out);
    std::set<std::string> rules;
    for (const auto& f : report["findings"]) rules.insert(f["rule"].get<std::string>());
    return rules;
}

}  // namespace

TEST_SUITE("config") {
    TEST_CASE("the style rules are off by default and on with extend-select = [\"style\"]") {
        TempDir tmp;
        tmp.write("m/0001_t.sql", k_migration);
        const auto by_default = rules_reported(tmp, "");
        CHECK(by_default.count("non-concurrent-index") == 1);
        CHECK(by_default.count("prefer-text") == 0);
        CHECK(by_default.count("prefer-timestamptz") == 0);
        const auto with_style = rules_reported(tmp, "extend-select = [\"style\"]\n");
        CHECK(with_style.count("non-concurrent-index") == 1);
        CHECK(with_style.count("prefer-text") == 1);
        CHECK(with_style.count("prefer-timestamptz") == 1);
        // One style rule alone, by its id.
        const auto one = rules_reported(tmp, "extend-select = [\"prefer-text\"]\n");
        CHECK(one.count("prefer-text") == 1);
        CHECK(one.count("prefer-timestamptz") == 0);
    }

    TEST_CASE("a group works in --select, ignore and per-file-ignores; an unknown one is an error") {
        TempDir tmp;
        tmp.write("m/0001_t.sql", k_migration);
        CHECK(rules_reported(tmp, "", {"--select", "style"}) == std::set<std::string>{"prefer-text", "prefer-timestamptz"});
        CHECK(rules_reported(tmp, "ignore = [\"locking\"]\n").count("non-concurrent-index") == 0);
        CHECK(rules_reported(tmp, "extend-select = [\"style\"]\n[per-file-ignores]\n\"m/*.sql\" = [\"style\"]\n")
                  .count("prefer-text") == 0);
        tmp.write("miglint.toml", "extend-select = [\"stlye\"]\n");
        const auto typo = run_cli({(tmp.path() / "m").string()});
        CHECK(typo.exit_code == 2);
        CHECK(typo.err.find("unknown rule id `stlye`") != std::string::npos);
    }
}

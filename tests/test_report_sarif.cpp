// SARIF: what GitHub code scanning needs beyond the schema (the schema itself
// is checked by the sarif-schema ctest entry, with ajv).
#include "pipeline/lint.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using miglint::testing::TempDir;
using nlohmann::json;

namespace {

miglint::Settings two_rules() {
    miglint::Settings settings;
    settings.select = {"non-concurrent-index", "syntax-error"};
    settings.jobs = 1;
    return settings;
}

json sarif_of(const miglint::LintOutput& output, miglint::report::ReportOptions options = {}) {
    return json::parse(miglint::report::render_sarif(output, options));
}

const json& only_run(const json& log) { return log["runs"][0]; }

std::map<std::string, std::string> fingerprints_by_message(const json& log) {
    std::map<std::string, std::string> out;
    for (const auto& result : only_run(log)["results"]) {
        out[result["message"]["text"].get<std::string>()] = result["partialFingerprints"]["primaryLocationLineHash"];
    }
    return out;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("sarif: every result's ruleIndex points at the rule its ruleId names") {
        TempDir dir;
        dir.write("m.sql", "CREATE INDEX a ON users (a);\nALTER TABLE users ADD COLUMN b tetx NOT;\n");
        miglint::report::ReportOptions options;
        options.base_dir = dir.path().string();
        const auto log = sarif_of(miglint::lint_paths({dir.path().string()}, two_rules()), options);
        const auto& run = only_run(log);
        CHECK(log["version"] == "2.1.0");
        CHECK(log.contains("$schema"));
        CHECK(run["columnKind"] == "unicodeCodePoints");
        const auto& rules = run["tool"]["driver"]["rules"];
        CHECK(rules.size() >= miglint::all_rules().size());
        REQUIRE(run["results"].size() == 2);
        for (const auto& result : run["results"]) {
            const auto index = result["ruleIndex"].get<std::size_t>();
            REQUIRE(index < rules.size());
            CHECK(rules[index]["id"] == result["ruleId"]);
            CHECK(result["partialFingerprints"].contains("primaryLocationLineHash"));
            CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
        }
        CHECK(run["results"][1]["level"] == "error");
        CHECK(run["invocations"][0]["executionSuccessful"] == true);
    }

    TEST_CASE("sarif: rule descriptors carry name, descriptions, help from the doc page, level and properties") {
        const auto log = sarif_of(miglint::LintOutput{});
        const auto& rules = only_run(log)["tool"]["driver"]["rules"];
        const json* nci = nullptr;
        for (const auto& rule : rules) {
            if (rule["id"] == "non-concurrent-index") nci = &rule;
            CHECK(rule["shortDescription"]["text"].get<std::string>().size() > 0);
            CHECK(rule["fullDescription"]["text"].get<std::string>().size() <= 1024 * 4);
            CHECK(rule["properties"].contains("precision"));
            CHECK(rule["properties"].contains("problem.severity"));
            CHECK(rule["properties"]["tags"].is_array());
        }
        REQUIRE(nci != nullptr);
        CHECK((*nci)["name"] == "NonConcurrentIndex");
        CHECK((*nci)["helpUri"] == "https://github.com/miglint/miglint/blob/main/docs/rules/non-concurrent-index.md");
        CHECK((*nci)["help"]["markdown"].get<std::string>().starts_with("# non-concurrent-index\n"));
        CHECK((*nci)["defaultConfiguration"]["level"] == "warning");
        CHECK((*nci)["fullDescription"]["text"].get<std::string>().find("SHARE") != std::string::npos);
        const auto driver = only_run(log)["tool"]["driver"];
        CHECK(driver["name"] == "miglint");
        CHECK(driver["version"] == MIGLINT_VERSION);
        CHECK(driver["semanticVersion"] == MIGLINT_VERSION);
    }

    TEST_CASE("sarif: without doc pages the summary stands in, and long descriptions are cut to 1024 code points") {
        miglint::report::ReportOptions options;
        options.docs_dir = "";
        const auto* rule = miglint::find_rule("non-concurrent-index");
        REQUIRE(rule != nullptr);
        options.rules = {rule};
        auto log = sarif_of(miglint::LintOutput{}, options);
        const auto& plain = only_run(log)["tool"]["driver"]["rules"][0];
        CHECK(plain["help"]["text"] == std::string(rule->summary));
        CHECK(plain["fullDescription"]["text"] == std::string(rule->summary));

        TempDir docs;
        std::string why;
        for (int i = 0; i < 400; ++i) why += "é long ";
        docs.write("non-concurrent-index.md", "# non-concurrent-index\nx\n\n## Why it is dangerous\n" + why + "\n\n## Lock taken\n");
        options.docs_dir = docs.path().string();
        log = sarif_of(miglint::LintOutput{}, options);
        const auto full = only_run(log)["tool"]["driver"]["rules"][0]["fullDescription"]["text"].get<std::string>();
        CHECK(miglint::column_width(full, miglint::ColumnUnit::code_points) == 1024);
        CHECK(full.ends_with("\xE2\x80\xA6"));
    }

    TEST_CASE("sarif: fingerprints survive a blank line inserted above, and count identical lines") {
        TempDir dir;
        const auto before = dir.write("a/m.sql", "CREATE INDEX a ON users (a);\nCREATE INDEX b ON users (b);\n");
        const auto after = dir.write("b/m.sql", "CREATE INDEX a ON users (a);\n\n\n  CREATE   INDEX b ON users (b);\n");
        miglint::report::ReportOptions options;
        options.base_dir = dir.path().string();
        auto one = miglint::lint_paths({before.string()}, two_rules());
        auto two = miglint::lint_paths({after.string()}, two_rules());
        const auto first = fingerprints_by_message(sarif_of(one, options));
        const auto second = fingerprints_by_message(sarif_of(two, options));
        REQUIRE(first.size() == 2);
        CHECK(first == second);
        for (const auto& [message, print] : first) CHECK(print.ends_with(":1"));

        const auto twice = dir.write("c/m.sql", "CREATE INDEX x ON t (a);\nCREATE INDEX x ON t (a);\n");
        const auto log = sarif_of(miglint::lint_paths({twice.string()}, two_rules()), options);
        const auto& results = only_run(log)["results"];
        REQUIRE(results.size() == 2);
        const auto a = results[0]["partialFingerprints"]["primaryLocationLineHash"].get<std::string>();
        const auto b = results[1]["partialFingerprints"]["primaryLocationLineHash"].get<std::string>();
        CHECK(a.ends_with(":1"));
        CHECK(b.ends_with(":2"));
        CHECK(a.substr(0, a.find(':')) == b.substr(0, b.find(':')));
        CHECK(a.size() == 16 + 2);
    }

    TEST_CASE("sarif: regions in code points, paths relative to the base directory, fixes as replacements") {
        TempDir dir;
        dir.write("sub dir/m.sql", "-- é\n  CREATE INDEX idx_é ON users (a);\n");
        miglint::report::ReportOptions options;
        options.base_dir = dir.path().string();
        const auto log = sarif_of(miglint::lint_paths({dir.path().string()}, two_rules()), options);
        const auto& result = only_run(log)["results"][0];
        const auto& location = result["locations"][0]["physicalLocation"];
        CHECK(location["artifactLocation"]["uri"] == "sub%20dir/m.sql");
        CHECK(location["region"] == json{{"startLine", 2}, {"startColumn", 3}, {"endLine", 2}, {"endColumn", 34}});
        const auto& replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0];
        CHECK(replacement["deletedRegion"]["startColumn"] == 15);
        CHECK(replacement["deletedRegion"]["endColumn"] == 15);
        CHECK(replacement["insertedContent"]["text"] == " CONCURRENTLY");
        CHECK(result["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] == "sub%20dir/m.sql");
    }

    TEST_CASE("sarif: suppressed findings are left out unless asked for, then marked inSource") {
        TempDir dir;
        dir.write("m.sql", "-- miglint: ignore non-concurrent-index\nCREATE INDEX a ON users (a);\nCREATE INDEX b ON users (b);\n");
        const auto output = miglint::lint_paths({dir.path().string()}, two_rules());
        CHECK(only_run(sarif_of(output))["results"].size() == 1);
        miglint::report::ReportOptions options;
        options.include_suppressed = true;
        const auto log = sarif_of(output, options);
        const auto& results = only_run(log)["results"];
        REQUIRE(results.size() == 2);
        CHECK(results[0]["suppressions"] == json::array({{{"kind", "inSource"}}}));
        CHECK_FALSE(results[1].contains("suppressions"));
        // Showing suppressed results changes no other result's fingerprint.
        CHECK(results[1]["partialFingerprints"] == only_run(sarif_of(output))["results"][0]["partialFingerprints"]);
    }

    TEST_CASE("sarif: a file outside the base directory gets an absolute file URI") {
        TempDir dir;
        const auto file = dir.write("m.sql", "CREATE INDEX a ON users (a);\n");
        miglint::report::ReportOptions options;
        options.base_dir = (dir.path() / "elsewhere").string();
        const auto log = sarif_of(miglint::lint_paths({file.string()}, two_rules()), options);
        const auto& artifact = only_run(log)["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        CHECK(artifact["uri"].get<std::string>().starts_with("file:///"));
        CHECK_FALSE(artifact.contains("uriBaseId"));
    }

    TEST_CASE("sarif: read errors become notifications and mark the run unsuccessful") {
        TempDir dir;
        const auto output = miglint::lint_paths({(dir.path() / "gone.sql").string()}, two_rules());
        const auto log = sarif_of(output);
        const auto& invocation = only_run(log)["invocations"][0];
        CHECK(invocation["executionSuccessful"] == false);
        REQUIRE(invocation["toolExecutionNotifications"].size() == 1);
        CHECK(invocation["toolExecutionNotifications"][0]["level"] == "error");
        CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] == "no such file or directory");
    }

    TEST_CASE("sarif: over the result limit the most severe results are kept, with a notification") {
        TempDir dir;
        dir.write("m.sql", "CREATE INDEX a ON users (a);\nALTER TABLE users ADD COLUMN b tetx NOT;\nCREATE INDEX c ON users (c);\n");
        miglint::report::ReportOptions options;
        options.max_results = 2;
        const auto log = sarif_of(miglint::lint_paths({dir.path().string()}, two_rules()), options);
        const auto& results = only_run(log)["results"];
        REQUIRE(results.size() == 2);
        CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1);  // file order kept
        CHECK(results[1]["ruleId"] == "syntax-error");
        const auto& notes = only_run(log)["invocations"][0]["toolExecutionNotifications"];
        REQUIRE(notes.size() == 1);
        CHECK(notes[0]["message"]["text"].get<std::string>().starts_with("1 less severe"));
    }

    TEST_CASE("sarif: the same input renders the same bytes") {
        TempDir dir;
        dir.write("m.sql", "CREATE INDEX a ON users (a);\n");
        const auto output = miglint::lint_paths({dir.path().string()}, two_rules());
        CHECK(miglint::report::render_sarif(output, {}) == miglint::report::render_sarif(output, {}));
    }
}

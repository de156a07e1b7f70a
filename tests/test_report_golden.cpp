// Golden files: the whole output of every format for tests/golden/input/,
// byte for byte, as the user sees it (ruff-style snapshots).
//
// To accept a deliberate change, regenerate and review the diff:
//     MIGLINT_UPDATE_GOLDEN=1 build/tests/miglint_tests --test-suite=report
//     git diff tests/golden/
//
// The run selects only non-concurrent-index and syntax-error, and the SARIF
// golden describes only those two rules without their doc pages, so adding a
// rule or editing a page elsewhere does not churn these files; the full rules
// array and the pages are covered by test_report_sarif.cpp.
#include "pipeline/lint.hpp"
#include "report/report.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const fs::path k_root = MIGLINT_SOURCE_DIR;
const std::string k_input = "tests/golden/input";

const std::vector<std::pair<std::string, std::string>> k_goldens{
    {"text", "output.txt"}, {"json", "output.json"}, {"sarif", "output.sarif"},
    {"github", "output.github.txt"}, {"gitlab", "output.gitlab.json"}, {"markdown", "output.md"}};

// Runs the body in the source root, so paths print as `tests/golden/input/...`.
class InSourceRoot {
public:
    InSourceRoot() : m_previous(fs::current_path()) { fs::current_path(k_root); }
    ~InSourceRoot() { fs::current_path(m_previous); }
    InSourceRoot(const InSourceRoot&) = delete;
    InSourceRoot& operator=(const InSourceRoot&) = delete;

private:
    fs::path m_previous;
};

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

miglint::Settings golden_settings(unsigned jobs) {
    miglint::Settings settings;
    settings.select = {"non-concurrent-index", "syntax-error"};
    settings.jobs = jobs;
    return settings;
}

miglint::report::ReportOptions golden_options() {
    miglint::report::ReportOptions options;
    options.rules = {miglint::find_rule("non-concurrent-index"), miglint::find_rule("syntax-error")};
    options.docs_dir = "";
    return options;
}

// The first line where `a` and `b` differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream sa(a);
    std::istringstream sb(b);
    std::string la;
    std::string lb;
    for (int line = 1;; ++line) {
        const bool more_a = static_cast<bool>(std::getline(sa, la));
        const bool more_b = static_cast<bool>(std::getline(sb, lb));
        if (!more_a && !more_b) return "(only line endings differ)";
        if (!more_a || !more_b || la != lb) {
            return "line " + std::to_string(line) + ":\n  expected: " + (more_b ? lb : "<end>") + "\n  actual:   " + (more_a ? la : "<end>");
        }
    }
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("golden: every format renders tests/golden/input byte for byte, with 1 and 4 jobs") {
        InSourceRoot here;
        const bool update = std::getenv("MIGLINT_UPDATE_GOLDEN") != nullptr;
        for (const unsigned jobs : {1U, 4U}) {
            const auto output = miglint::lint_paths({k_input}, golden_settings(jobs));
            for (const auto& [format, file] : k_goldens) {
                CAPTURE(format);
                CAPTURE(jobs);
                const auto actual = miglint::report::render(format, output, golden_options());
                REQUIRE(actual.has_value());
                const auto path = k_root / "tests" / "golden" / file;
                if (update && jobs == 1) {
                    std::ofstream(path, std::ios::binary) << *actual;
                    continue;
                }
                const auto expected = read_all(path);
                CHECK_MESSAGE(*actual == expected, "tests/golden/" << file << " differs at " << first_difference(*actual, expected)
                                                                   << "\n(MIGLINT_UPDATE_GOLDEN=1 regenerates it)");
            }
        }
    }

    TEST_CASE("golden: the command line writes the same bytes as the golden files") {
        InSourceRoot here;
        for (const std::string jobs : {"1", "4"}) {
            for (const auto& [format, file] : k_goldens) {
                if (format == "sarif") continue;  // the CLI describes every rule; see the comment at the top
                CAPTURE(format);
                const auto run = miglint::testing::run_cli(
                    {"--no-config", "--format", format, "--color", "never", "--jobs", jobs, "--select", "non-concurrent-index,syntax-error", k_input});
                CHECK(run.exit_code == 1);
                CHECK(run.out == read_all(k_root / "tests" / "golden" / file));
            }
        }
    }
}

// Runs fixture files and compares their inline `expect:` comments with findings.
#pragma once

#include "pipeline/lint.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace miglint::testing {

struct Expectation {
    std::string path;
    std::uint32_t line = 0;
    std::string rule;
    auto operator<=>(const Expectation&) const = default;
};

// What an `expect:` item claims beyond the rule firing on its line:
// `rule[error]` its severity, `rule "text"` a fragment of its message, help or
// fix (the description or the text an edit inserts)
// (`\"` stands for a quote inside the fragment).
struct Claim {
    Expectation at;
    std::optional<Severity> severity;
    std::optional<std::string> fragment;
};

struct FixtureResult {
    std::vector<std::string> mismatches;  // "path:line: missing <id>", "path:line: unexpected <id> \"msg\""
    std::size_t expectations = 0;
};

// Settings from the optional first line `-- fixture: pg-version=11, assume-in-transaction, enable=a`
// (also runner-sets-timeouts, lint-downgrades, large-tables=a b, option=rule.name:value,
// naming-convention=pk:pk_%(table_name)s uq:...);
// `rule_dir` names the rule the directory is for (its only rule unless enable= says more).
Settings fixture_settings(const std::string& first_line, const std::string& rule_dir, std::vector<std::string>& problems);

// The `expect:` comments of one file: `-- expect: a, b[error] "ON \"T\""`.
// Malformed items are reported into `problems`.
std::vector<Claim> claims_in(const std::string& path, const std::string& text, std::vector<std::string>& problems);


// Lints `target` (a file, or a directory linted as one migration set) and compares.
FixtureResult run_fixture(const std::filesystem::path& target, const std::string& rule_dir);

}  // namespace miglint::testing

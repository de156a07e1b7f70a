// Helpers shared by tests: temporary directories and running the CLI in-process.
#pragma once

#include <miglint/finding.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace miglint::testing {

// A fresh directory under the system temp dir, removed on destruction unless
// MIGLINT_KEEP_TEMP is set (to inspect a failing test's files).
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // Writes `content` to `name` (sub-directories created) and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path m_path;
};

// Writes `count` SQL migrations into `dir` whose findings depend on the files
// before them: each table is created in one file, then indexed and altered in
// the next two, and with `drops` dropped nine files after its creation. File i
// is `<first_number + i>_step.sql`.
void write_dependent_history(const TempDir& tmp, const std::string& dir, int count, int first_number, bool drops);

// Sets the environment variable `name` to `value` for the scope, then puts
// back what it was (unset, if it was), also when a REQUIRE throws.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::string& value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_previous;
};

// A finding of `rule` over the bytes `span` of `source`, for reporter tests
// that need findings no rule would raise (any message, any severity).
Finding make_finding(std::shared_ptr<const SourceText> source, std::string rule, Severity severity, std::string message,
                     Span span, std::string help = "");

struct CliRun {
    int exit_code = 0;
    std::string out;
    std::string err;
};

// Runs `miglint args...` in-process with `stdin_text` as standard input.
CliRun run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "");

}  // namespace miglint::testing

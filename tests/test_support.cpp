#include "test_support.hpp"

#include "cli/cli.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace miglint::testing {

TempDir::TempDir() {
    std::random_device device;
    const auto name = "miglint-test-" + std::to_string(device()) + std::to_string(device());
    m_path = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    if (std::getenv("MIGLINT_KEEP_TEMP") != nullptr) return;  // to inspect a failing test's files
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
    const auto file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
}

void write_dependent_history(const TempDir& tmp, const std::string& dir, int count, int first_number, bool drops) {
    for (int i = 0; i < count; ++i) {
        const auto t = "t" + std::to_string(i / 3);
        std::string sql;
        switch (i % 3) {
            case 0: sql = "CREATE TABLE " + t + " (id bigint PRIMARY KEY, name varchar(40));\n"; break;
            case 1: sql = "CREATE INDEX " + t + "_name_idx ON " + t + " (name);\nALTER TABLE " + t + " ADD COLUMN n int;\n"; break;
            default:
                sql = "ALTER TABLE " + t + " ALTER COLUMN name TYPE text;\nALTER TABLE " + t + " ADD UNIQUE (n);\n";
                if (drops && i > 9) sql += "DROP TABLE t" + std::to_string(i / 3 - 3) + ";\n";
                break;
        }
        tmp.write(dir + "/" + std::to_string(first_number + i) + "_step.sql", sql);
    }
}

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : m_name(std::move(name)) {
    if (const char* previous = std::getenv(m_name.c_str())) m_previous = previous;
    ::setenv(m_name.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
    if (m_previous) {
        ::setenv(m_name.c_str(), m_previous->c_str(), 1);
    } else {
        ::unsetenv(m_name.c_str());
    }
}

Finding make_finding(std::shared_ptr<const SourceText> source, std::string rule, Severity severity, std::string message,
                     Span span, std::string help) {
    Finding finding;
    finding.rule = std::move(rule);
    finding.severity = severity;
    finding.message = std::move(message);
    finding.help = std::move(help);
    finding.source = std::move(source);
    finding.span = span;
    return finding;
}

CliRun run_cli(const std::vector<std::string>& args, const std::string& stdin_text) {
    std::istringstream in(stdin_text);
    std::ostringstream out;
    std::ostringstream err;
    CliRun run;
    run.exit_code = cli::run(args, in, out, err);
    run.out = out.str();
    run.err = err.str();
    return run;
}

}  // namespace miglint::testing

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

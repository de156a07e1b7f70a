// Running a helper program (git) without a shell, capturing what it prints.
#pragma once

#include <miglint/result.hpp>

#include <string>
#include <vector>

namespace miglint::cli {

struct ProcessOutput {
    int exit_code = -1;  // -1 when it did not exit normally
    std::string out;
    std::string err;
};

// Runs `argv` (argv[0] looked up on PATH) with standard input closed, and
// waits for it. An error only when it cannot be started.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv);

}  // namespace miglint::cli

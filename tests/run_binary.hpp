// Running the built `miglint` binary as a child process: for what only a
// real process shows (exit codes, blocking, file permissions as another user).
#pragma once

#include "test_support.hpp"

#include <string>
#include <vector>

namespace miglint::testing {

// Who runs the binary: `unprivileged` is `nobody` when the tests run as root
// (root reads files whatever their mode), the current user otherwise.
enum class RunAs { current_user, unprivileged };

struct BinaryRun {
    std::vector<std::string> args;
    RunAs as = RunAs::current_user;
    std::string stdin_path = "/dev/null";  // empty: standard input closed
    int timeout_seconds = 20;
};

// Runs MIGLINT_BINARY with `run.args`, standard input read from
// `run.stdin_path`, killed after `run.timeout_seconds`: `exit_code` is then
// -1, so a test can assert that nothing blocks.
CliRun run_binary(const BinaryRun& run);

}  // namespace miglint::testing

// The command line, callable in-process so tests drive it without a shell.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace miglint::cli {

// Runs miglint with `args` (without the program name), reading standard input
// from `in`; returns the exit code: 0 clean, 1 findings, 2 usage, config or I/O error.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace miglint::cli

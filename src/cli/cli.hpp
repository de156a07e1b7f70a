// The command line, callable in-process so tests drive it without a shell.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace miglint::cli {

// Whether `run` frees what a lint built before it returns. A process that
// exits right after (main) leaves that to the operating system, which takes
// it back at once; freeing a large history's findings, sources and schemas
// object by object costs about as much as writing its report.
enum class Teardown { free_memory, leave_to_exit };

// Runs miglint with `args` (without the program name), reading standard input
// from `in`; returns the exit code: 0 clean, 1 findings, 2 usage, config or I/O error.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err,
        Teardown teardown = Teardown::free_memory);

}  // namespace miglint::cli

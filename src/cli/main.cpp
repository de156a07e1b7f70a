#include "cli/cli.hpp"
#include <miglint/deep_stack_thread.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    try {
        std::ios::sync_with_stdio(false);
        const std::vector<std::string> args(argv + 1, argv + argc);
        // The whole run (a one-thread lint, standard input, the language server) parses on a deep stack.
        int code = 2;
        miglint::run_on_deep_stack([&] {
            code = miglint::cli::run(args, std::cin, std::cout, std::cerr, miglint::cli::Teardown::leave_to_exit);
        });
        return code;
    } catch (const std::exception& e) {
        std::cerr << "miglint: internal error: " << e.what() << "\n";
        return 2;
    }
}

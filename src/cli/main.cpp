#include "cli/cli.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    try {
        std::ios::sync_with_stdio(false);
        const std::vector<std::string> args(argv + 1, argv + argc);
        return miglint::cli::run(args, std::cin, std::cout, std::cerr, miglint::cli::Teardown::leave_to_exit);
    } catch (const std::exception& e) {
        std::cerr << "miglint: internal error: " << e.what() << "\n";
        return 2;
    }
}

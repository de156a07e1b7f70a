#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/deep_stack_thread.hpp"

// The suite runs on a deep stack, as the CLI does (core/deep_stack_thread.hpp),
// so tests that parse in process see the stack a real run has.
int main(int argc, char** argv) {
    int code = 1;
    miglint::run_on_deep_stack([&] {
        doctest::Context context(argc, argv);
        code = context.run();
    });
    return code;
}

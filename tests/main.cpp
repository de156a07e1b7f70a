#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <miglint/deep_stack_thread.hpp>

#include <cstdlib>

// The suite runs on a deep stack, as the CLI does (core/deep_stack_thread.hpp),
// so tests that parse in process see the stack a real run has.
int main(int argc, char** argv) {
    // Run inside a GitHub Actions step, `--format github` tests would append to the job's summary.
    ::unsetenv("GITHUB_STEP_SUMMARY");
    int code = 1;
    miglint::run_on_deep_stack([&] {
        doctest::Context context(argc, argv);
        code = context.run();
    });
    return code;
}

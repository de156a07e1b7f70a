// libFuzzer's entry point for one target; CMake compiles this file once per
// target with MIGLINT_FUZZ_BODY naming the body (fuzz/fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return MIGLINT_FUZZ_BODY(data, size);
}

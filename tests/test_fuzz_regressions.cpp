// Replays every input the fuzzers ever found a bug with through the same
// function libFuzzer runs (fuzz/fuzz_targets.hpp): it must return without a
// crash, a hang or (under tools/sanitize.sh) a sanitizer report.
#include "fuzz_targets.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace {

using Body = int (*)(const std::uint8_t*, std::size_t);

// One entry per directory of tests/fuzz-regressions/.
const std::map<std::string, Body>& bodies() {
    static const std::map<std::string, Body> k_bodies{
        {"sql", miglint_fuzz_sql},
        {"alembic", miglint_fuzz_alembic},
        {"config", miglint_fuzz_config},
        {"lsp", miglint_fuzz_lsp},
    };
    return k_bodies;
}

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_SUITE("fuzz-regressions") {
    TEST_CASE("every saved fuzz input runs through its target's body without failing") {
        const std::filesystem::path root = MIGLINT_FUZZ_REGRESSIONS;
        std::size_t inputs = 0;
        for (const auto& dir : std::filesystem::directory_iterator(root)) {
            if (!dir.is_directory()) continue;
            const auto target = dir.path().filename().string();
            const auto body = bodies().find(target);
            INFO("tests/fuzz-regressions/" << target << "/ has no fuzz target of that name");
            REQUIRE(body != bodies().end());
            for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
                const auto bytes = read_bytes(file.path());
                INFO("input: " << file.path().string());
                CHECK(body->second(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
                ++inputs;
            }
        }
        CHECK(inputs >= bodies().size());  // at least one input per target
    }
}

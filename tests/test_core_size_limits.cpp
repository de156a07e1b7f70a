// The per-file size limit (`max-file-size`): files and standard input over it
// are errors naming the input and the limit, and the other files are linted.
#include "run_binary.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using miglint::testing::BinaryRun;
using miglint::testing::run_binary;
using miglint::testing::run_cli;
using miglint::testing::TempDir;

namespace {

const std::string k_bad_sql = "CREATE INDEX i ON t (a);\n";
const std::string k_limit_hint = "raise `max-file-size`";

// `bytes` of SQL statements ending in a CREATE INDEX on the last line.
std::string big_sql(std::size_t bytes) {
    std::string text;
    text.reserve(bytes + 64);
    while (text.size() < bytes) text += "INSERT INTO t (a, b) VALUES (1, 'some text to make the line longer');\n";
    return text + k_bad_sql;
}

nlohmann::json lint_json(const std::vector<std::string>& args, int expected_exit) {
    std::vector<std::string> all{"--format", "json", "--select", "non-concurrent-index"};
    all.insert(all.end(), args.begin(), args.end());
    const auto run = run_cli(all);
    CHECK(run.exit_code == expected_exit);
    return nlohmann::json::parse(run.out);
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("a file over max-file-size from config is an error naming it and the limit; raised, the file is linted") {
        TempDir dir;
        const auto big = dir.write("m/a_big.sql", big_sql(50'000)).string();
        const auto bad = dir.write("m/b_bad.sql", k_bad_sql).string();
        const auto small = dir.write("small.toml", "max-file-size = 40000\n").string();
        const auto over = lint_json({"--config", small, big, bad}, 2);
        REQUIRE(over["errors"].size() == 1);
        CHECK(over["errors"][0]["path"] == big);
        const std::string message = over["errors"][0]["message"];
        CHECK(message.find(std::to_string(std::filesystem::file_size(big)) + " bytes, over the limit of 40000 bytes") != std::string::npos);
        CHECK(message.find(k_limit_hint) != std::string::npos);
        REQUIRE(over["findings"].size() == 1);  // the sibling
        CHECK(over["findings"][0]["path"] == bad);

        const auto raised = dir.write("raised.toml", "max-file-size = 60000\n").string();
        const auto linted = lint_json({"--config", raised, big, bad}, 1);
        CHECK(linted["errors"].empty());
        CHECK(linted["findings"].size() == 2);
    }

    // Linting all 50 MB takes a minute in a Debug build (more under ASan): the
    // raised-limit case above uses 50 kB, and the 10 MB test lints a big file whole.
    TEST_CASE("a 50 MB file over the configured limit is refused without being read, naming the file and the limit") {
        TempDir dir;
        const auto big = dir.write("big.sql", big_sql(50U << 20U)).string();
        const auto bad = dir.write("bad.sql", k_bad_sql).string();
        const auto limit = dir.write("miglint.toml", "max-file-size = 33554432\n").string();
        const auto over = lint_json({"--config", limit, big, bad}, 2);
        REQUIRE(over["errors"].size() == 1);
        CHECK(over["errors"][0]["path"] == big);
        CHECK(over["errors"][0]["message"].get<std::string>().find("over the limit of 33554432 bytes") != std::string::npos);
        CHECK(over["findings"].size() == 1);
    }

    TEST_CASE("a file over the default limit of 64 MiB is an error naming the limit") {
        TempDir dir;
        const auto huge = dir.path() / "huge.sql";
        std::ofstream(huge).close();
        std::filesystem::resize_file(huge, (64U << 20U) + 1);  // sparse: nothing is written or read
        const auto run = lint_json({"--no-config", huge.string()}, 2);
        REQUIRE(run["errors"].size() == 1);
        CHECK(run["errors"][0]["message"] == "file is 67108865 bytes, over the limit of 67108864 bytes: not linted "
                                            "(raise `max-file-size` in miglint.toml or [tool.miglint])");
    }

    TEST_CASE("standard input is bounded by max-file-size: an endless stream is refused, not read forever") {
        TempDir dir;
        const auto limit = dir.write("miglint.toml", "max-file-size = 1000\n").string();
        const auto over = run_cli({"--config", limit, "--stdin-filename", "x.sql"}, std::string(2000, ' '));
        CHECK(over.exit_code == 2);
        CHECK(over.out.find("x.sql: input is more than 1000 bytes, over the limit of 1000 bytes") != std::string::npos);
        CHECK(run_cli({"--config", limit, "--stdin-filename", "x.sql"}, std::string(1000, ' ')).exit_code == 0);
        // /dev/zero never ends: only the first max-file-size + 1 bytes are read.
        const auto endless = run_binary(BinaryRun{{"--config", limit, "--stdin-filename", "x.sql"}, {}, "/dev/zero"});
        CHECK(endless.exit_code == 2);
        CHECK(endless.out.find("over the limit of 1000 bytes") != std::string::npos);
    }
}

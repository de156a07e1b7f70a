// Paths that are not plain readable files, run through the built binary:
// each is an error naming it (exit 2), nothing blocks, and the known-bad
// file beside it is still reported.
#include "run_binary.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sys/stat.h>

using miglint::testing::BinaryRun;
using miglint::testing::CliRun;
using miglint::testing::run_binary;
using miglint::testing::RunAs;
using miglint::testing::TempDir;

namespace {

namespace fs = std::filesystem;

const std::string k_bad_sql = "CREATE INDEX i ON t (a);\n";

// Runs the binary on `paths` for JSON, with the one rule the bad sibling trips.
CliRun lint(const std::vector<std::string>& paths, RunAs as = RunAs::current_user) {
    std::vector<std::string> args{"--no-config", "--format", "json", "--select", "syntax-error,non-concurrent-index"};
    args.insert(args.end(), paths.begin(), paths.end());
    return run_binary({args, as});
}

// The error messages of a run, keyed by path.
std::map<std::string, std::string> errors_of(const nlohmann::json& json) {
    std::map<std::string, std::string> errors;
    for (const auto& e : json["errors"]) errors[e["path"]] = e["message"];
    return errors;
}

// The sibling's finding is there: the run went on past the bad path.
void check_sibling_reported(const nlohmann::json& json, const std::string& sibling) {
    REQUIRE(json["findings"].size() == 1);
    CHECK(json["findings"][0]["rule"] == "non-concurrent-index");
    CHECK(json["findings"][0]["path"] == sibling);
}

}  // namespace

TEST_SUITE("core") {
    TEST_CASE("a path that does not exist is an error naming it; the other path is linted") {
        TempDir dir;
        const auto bad = dir.write("bad.sql", k_bad_sql).string();
        const auto missing = (dir.path() / "missing.sql").string();
        const auto run = lint({missing, bad});
        CHECK(run.exit_code == 2);
        const auto json = nlohmann::json::parse(run.out);
        CHECK(errors_of(json)[missing] == "no such file or directory");
        check_sibling_reported(json, bad);
        CHECK(run.err.find(missing + ": no such file or directory") != std::string::npos);
    }

    TEST_CASE("a symlink to itself is an error, named on the command line and found in a directory walk") {
        TempDir dir;
        const auto bad = dir.write("m/bad.sql", k_bad_sql).string();
        const auto self = dir.path() / "m" / "self.sql";
        fs::create_symlink(self, self);
        const auto named = lint({self.string(), bad});
        CHECK(named.exit_code == 2);
        const auto json = nlohmann::json::parse(named.out);
        CHECK(errors_of(json)[self.string()] == "symlink target does not exist or loops");
        check_sibling_reported(json, bad);

        const auto walked = lint({(dir.path() / "m").string()});
        CHECK(walked.exit_code == 2);
        const auto walked_json = nlohmann::json::parse(walked.out);
        CHECK(errors_of(walked_json)[self.string()].find("Too many levels of symbolic links") != std::string::npos);
        check_sibling_reported(walked_json, bad);
    }

    TEST_CASE("a directory symlink loop is not followed and the exit code still reports the findings") {
        TempDir dir;
        const auto bad = dir.write("m/sub/bad.sql", k_bad_sql).string();
        fs::create_directory_symlink(dir.path() / "m", dir.path() / "m" / "sub" / "loop");
        const auto run = lint({(dir.path() / "m").string()});
        CHECK(run.exit_code == 1);
        check_sibling_reported(nlohmann::json::parse(run.out), bad);
    }

    TEST_CASE("an unreadable file and an unreadable directory are errors naming them; the rest is linted") {
        TempDir dir;
        // Another user must reach the files: the temp dir is traversable, only these two are closed.
        fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
        const auto bad = dir.write("m/bad.sql", k_bad_sql).string();
        const auto secret = dir.write("m/secret.sql", "SELECT 1;\n");
        const auto closed = dir.path() / "m" / "closed";
        dir.write("m/closed/inner.sql", "SELECT 1;\n");
        fs::permissions(secret, fs::perms::none);
        fs::permissions(closed, fs::perms::none);
        // Root reads any file: the binary runs as nobody then (RunAs::unprivileged).
        const auto named = lint({secret.string(), bad}, RunAs::unprivileged);
        CHECK(named.exit_code == 2);
        const auto json = nlohmann::json::parse(named.out);
        CHECK(errors_of(json)[secret.string()] == "cannot read file: Permission denied");
        check_sibling_reported(json, bad);

        const auto walked = lint({(dir.path() / "m").string()}, RunAs::unprivileged);
        CHECK(walked.exit_code == 2);
        const auto walked_json = nlohmann::json::parse(walked.out);
        const auto errors = errors_of(walked_json);
        CHECK(errors.at(secret.string()) == "cannot read file: Permission denied");
        CHECK(errors.at(closed.string()) == "cannot list directory: Permission denied");
        check_sibling_reported(walked_json, bad);
        fs::permissions(closed, fs::perms::owner_all);  // so the temp dir can be removed
    }

    TEST_CASE("a FIFO does not block, named on the command line or found in a walk, also as alembic.ini") {
        TempDir dir;
        const auto bad = dir.write("m/bad.sql", k_bad_sql).string();
        const auto fifo = (dir.path() / "m" / "pipe.sql").string();
        const auto ini = (dir.path() / "m" / "alembic.ini").string();
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        REQUIRE(::mkfifo(ini.c_str(), 0600) == 0);
        const auto named = lint({fifo, bad});
        CHECK(named.exit_code == 2);  // -1 would mean it was killed, blocked on the FIFO
        const auto json = nlohmann::json::parse(named.out);
        CHECK(errors_of(json)[fifo].find("not a regular file") != std::string::npos);
        check_sibling_reported(json, bad);

        const auto walked = lint({(dir.path() / "m").string()});
        CHECK(walked.exit_code == 2);
        const auto walked_json = nlohmann::json::parse(walked.out);
        const auto errors = errors_of(walked_json);
        CHECK(errors.count(fifo) == 1);
        check_sibling_reported(walked_json, bad);
    }
}

TEST_SUITE("core") {
    TEST_CASE("--stdin-filename with standard input closed or unreadable is an error, not an empty file checked") {
        using miglint::testing::BinaryRun;
        const auto closed =
            miglint::testing::run_binary(BinaryRun{.args = {"--stdin-filename", "db/0001_x.sql"}, .stdin_path = ""});
        CHECK(closed.exit_code == 2);
        CHECK(closed.err.find("--stdin-filename db/0001_x.sql: standard input is closed") != std::string::npos);
        CHECK(closed.out.find("file checked") == std::string::npos);
        const auto directory =
            miglint::testing::run_binary(BinaryRun{.args = {"--stdin-filename", "db/0001_x.sql"}, .stdin_path = "/"});
        CHECK(directory.exit_code == 2);
        CHECK(directory.err.find("cannot read standard input") != std::string::npos);
        // An empty standard input is an empty file, checked.
        const auto empty = miglint::testing::run_binary(BinaryRun{.args = {"--stdin-filename", "db/0001_x.sql"}});
        CHECK(empty.exit_code == 0);
        CHECK(empty.out.find("1 file checked") != std::string::npos);
    }
}

TEST_SUITE("core") {
    TEST_CASE("a file symlink leading out of the linted folder is an error, not read; named itself, it is linted") {
        TempDir dir;
        const auto secret = dir.write("home/.pgpass", "db:5432:*:admin:s3cret\n");
        const auto bad = dir.write("repo/m/0001_a.sql", k_bad_sql).string();
        const auto link = dir.path() / "repo" / "m" / "0002_b.sql";
        fs::create_symlink(secret, link);
        const auto run = lint({(dir.path() / "repo" / "m").string()});
        CHECK(run.exit_code == 2);
        const auto json = nlohmann::json::parse(run.out);
        CHECK(errors_of(json)[link.string()] ==
              "symlink to a file outside the linted folder: not read (name the file itself to lint it)");
        check_sibling_reported(json, bad);
        CHECK(run.out.find("s3cret") == std::string::npos);
        const auto named = lint({link.string()});
        CHECK(named.exit_code != 2);  // read: a syntax error, but no error about the path
        CHECK(nlohmann::json::parse(named.out)["errors"].empty());
    }

    TEST_CASE("a file symlink to a file inside the linted folder is followed") {
        TempDir dir;
        dir.write("repo/shared/0001_a.sql", k_bad_sql);
        fs::create_directories(dir.path() / "repo" / "m");
        fs::create_symlink(dir.path() / "repo" / "shared" / "0001_a.sql", dir.path() / "repo" / "m" / "0001_a.sql");
        const auto run = lint({(dir.path() / "repo").string()});
        const auto json = nlohmann::json::parse(run.out);
        CHECK(json["errors"].empty());
        CHECK(json["findings"].size() == 2);
    }
}

// --diff-base, start-after and files named alone: the whole history is read,
// only the change is reported. Each test builds a real git repository.
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

using miglint::testing::CliRun;
using miglint::testing::run_cli;
using miglint::testing::TempDir;
using miglint::testing::write_dependent_history;

namespace {

// Runs `git -C dir args` quietly, with an identity of its own; true on success.
bool git(const std::filesystem::path& dir, const std::string& args) {
    const auto command = "git -C '" + dir.string() +
                         "' -c user.name=miglint -c user.email=miglint@example.invalid -c init.defaultBranch=main "
                         "-c commit.gpgsign=false " +
                         args + " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

// A repository on branch main holding a history of 50 SQL migrations under versions/.
void make_history(const TempDir& tmp) {
    REQUIRE(git(tmp.path(), "init -q -b main"));
    write_dependent_history(tmp, "versions", 50, 1, false);
    REQUIRE(git(tmp.path(), "add -A"));
    REQUIRE(git(tmp.path(), "commit -q -m history"));
}

// A migration with a hazard on a table the history created (t3), and one without.
void add_branch_migrations(const TempDir& tmp) {
    REQUIRE(git(tmp.path(), "checkout -q -b feature"));
    tmp.write("versions/51_index.sql", "CREATE INDEX t3_n_idx ON t3 (n);\n");
    tmp.write("versions/52_safe.sql", "CREATE TABLE fresh (id bigint CONSTRAINT fresh_pkey PRIMARY KEY);\n");
    REQUIRE(git(tmp.path(), "add -A"));
    REQUIRE(git(tmp.path(), "commit -q -m feature"));
}

// Lints the repository's versions/ from inside it (the CLI resolves paths from the current directory).
CliRun lint_in(const TempDir& tmp, std::vector<std::string> args) {
    args.push_back((tmp.path() / "versions").string());
    args.insert(args.begin(), {"--format", "json", "--no-config", "--ignore", "missing-lock-timeout"});
    return run_cli(args);
}

// File name → rules reported there.
std::map<std::string, std::set<std::string>> findings_by_file(const CliRun& run) {
    std::map<std::string, std::set<std::string>> out;
    const auto report = nlohmann::json::parse(run.out);
    for (const auto& f : report["findings"]) {
        out[std::filesystem::path(f["path"].get<std::string>()).filename().string()].insert(f["rule"].get<std::string>());
    }
    return out;
}

}  // namespace

TEST_SUITE("cli") {
    TEST_CASE("--diff-base reports only the branch's files, with the history as context") {
        TempDir tmp;
        make_history(tmp);
        add_branch_migrations(tmp);
        const auto whole = findings_by_file(lint_in(tmp, {}));
        CHECK(whole.size() > 10);  // the history has findings of its own
        const auto run = lint_in(tmp, {"--diff-base", "main"});
        CHECK(run.exit_code == 1);
        const auto scoped = findings_by_file(run);
        REQUIRE(scoped.size() == 1);
        CHECK(scoped.begin()->first == "51_index.sql");
        CHECK(scoped.begin()->second == std::set<std::string>{"non-concurrent-index"});
        // Nothing to report when the branch adds nothing: a clean exit.
        REQUIRE(git(tmp.path(), "checkout -q main"));
        const auto on_main = lint_in(tmp, {"--diff-base", "main"});
        CHECK(on_main.exit_code == 0);
        CHECK(findings_by_file(on_main).empty());
    }

    TEST_CASE("--diff-base: a rebase moves the merge base; main's newer files are context, not the change") {
        TempDir tmp;
        make_history(tmp);
        add_branch_migrations(tmp);
        REQUIRE(git(tmp.path(), "checkout -q main"));
        tmp.write("versions/60_main.sql", "CREATE INDEX t4_n_idx ON t4 (n);\n");
        REQUIRE(git(tmp.path(), "add -A"));
        REQUIRE(git(tmp.path(), "commit -q -m main-moves-on"));
        REQUIRE(git(tmp.path(), "checkout -q feature"));
        // Before the rebase the merge base is the old main: 60_main.sql is not in this tree at all.
        CHECK(findings_by_file(lint_in(tmp, {"--diff-base", "main"})).count("51_index.sql") == 1);
        REQUIRE(git(tmp.path(), "rebase -q main"));
        const auto scoped = findings_by_file(lint_in(tmp, {"--diff-base", "main"}));
        CHECK(scoped.count("60_main.sql") == 0);
        CHECK(scoped.count("51_index.sql") == 1);
    }

    TEST_CASE("--diff-base: a file renamed without change is not reported; renamed with a change, it is") {
        TempDir tmp;
        make_history(tmp);
        REQUIRE(git(tmp.path(), "checkout -q -b feature"));
        REQUIRE(git(tmp.path(), "mv versions/5_step.sql versions/5_renamed.sql"));
        REQUIRE(git(tmp.path(), "commit -q -m rename"));
        CHECK(findings_by_file(lint_in(tmp, {"--diff-base", "main"})).empty());
        REQUIRE(git(tmp.path(), "mv versions/8_step.sql versions/8_renamed.sql"));
        std::ofstream(tmp.path() / "versions/8_renamed.sql", std::ios::app) << "CREATE INDEX t2_x_idx ON t2 (n);\n";
        REQUIRE(git(tmp.path(), "commit -q -am rename-and-edit"));
        const auto scoped = findings_by_file(lint_in(tmp, {"--diff-base", "main"}));
        CHECK(scoped.size() == 1);
        CHECK(scoped.count("8_renamed.sql") == 1);
    }

    TEST_CASE("--diff-base: uncommitted edits and untracked files are part of the change") {
        TempDir tmp;
        make_history(tmp);
        std::ofstream(tmp.path() / "versions/11_step.sql", std::ios::app) << "CREATE INDEX t1_x_idx ON t1 (n);\n";
        tmp.write("versions/70_untracked.sql", "CREATE INDEX t5_n_idx ON t5 (n);\n");
        const auto scoped = findings_by_file(lint_in(tmp, {"--diff-base", "HEAD"}));
        CHECK(scoped.size() == 2);
        CHECK(scoped.count("11_step.sql") == 1);
        CHECK(scoped.count("70_untracked.sql") == 1);
    }

    TEST_CASE("--diff-base works on a detached HEAD, as CI checks out a pull request") {
        TempDir tmp;
        make_history(tmp);
        add_branch_migrations(tmp);
        REQUIRE(git(tmp.path(), "checkout -q --detach feature"));
        const auto scoped = findings_by_file(lint_in(tmp, {"--diff-base", "main"}));
        CHECK(scoped.size() == 1);
        CHECK(scoped.count("51_index.sql") == 1);
    }

    TEST_CASE("--diff-base: bad input is a one-line error, exit 2, and nothing reported as clean") {
        TempDir tmp;
        tmp.write("versions/1_a.sql", "CREATE INDEX a_idx ON a (x);\n");
        const auto outside = lint_in(tmp, {"--diff-base", "main"});
        CHECK(outside.exit_code == 2);
        CHECK(outside.out.empty());
        CHECK(outside.err.find("not in a git work tree") != std::string::npos);

        REQUIRE(git(tmp.path(), "init -q -b main"));
        const auto no_commits = lint_in(tmp, {"--diff-base", "main"});
        CHECK(no_commits.exit_code == 2);
        CHECK(no_commits.err.find("no commits yet") != std::string::npos);

        REQUIRE(git(tmp.path(), "add -A"));
        REQUIRE(git(tmp.path(), "commit -q -m one"));
        const auto unknown = lint_in(tmp, {"--diff-base", "no-such-branch"});
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.find("`no-such-branch` is not a commit git knows") != std::string::npos);
        CHECK(std::count(unknown.err.begin(), unknown.err.end(), '\n') == 1);
        // An option in disguise is refused before git sees it.
        CHECK(lint_in(tmp, {"--diff-base=--output=/tmp/x"}).exit_code == 2);

        TempDir elsewhere;
        elsewhere.write("other/1_b.sql", "SELECT 1;\n");
        const auto outside_repo = run_cli({"--no-config", "--diff-base", "main", (tmp.path() / "versions").string(),
                                           (elsewhere.path() / "other").string()});
        CHECK(outside_repo.exit_code == 2);
        CHECK(outside_repo.err.find("is outside the git work tree") != std::string::npos);
    }

    TEST_CASE("--diff-base in a shallow clone without the base says so") {
        TempDir origin;
        make_history(origin);
        add_branch_migrations(origin);
        REQUIRE(git(origin.path(), "checkout -q main"));
        origin.write("versions/80_later.sql", "SELECT 1;\n");
        REQUIRE(git(origin.path(), "add -A"));
        REQUIRE(git(origin.path(), "commit -q -m later"));
        TempDir clone_parent;
        const auto clone = clone_parent.path() / "clone";
        REQUIRE(git(clone_parent.path(), "clone -q --depth 1 --no-single-branch --branch feature file://" +
                                             origin.path().string() + " clone"));
        const auto run = run_cli({"--no-config", "--diff-base", "origin/main", (clone / "versions").string()});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("shallow") != std::string::npos);
    }

    TEST_CASE("revision-graph findings are judged on the whole graph and still reported") {
        TempDir tmp;
        REQUIRE(git(tmp.path(), "init -q -b main"));
        const std::string body = "from alembic import op\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n";
        // The old files already disagree in name and order (filename-order): not the branch's business.
        tmp.write("versions/0001_b.py", "revision = 'b'\ndown_revision = 'a'\n" + body);
        tmp.write("versions/0002_a.py", "revision = 'a'\ndown_revision = None\n" + body);
        REQUIRE(git(tmp.path(), "add -A"));
        REQUIRE(git(tmp.path(), "commit -q -m base"));
        CHECK(findings_by_file(lint_in(tmp, {})).count("0001_b.py") == 1);
        // The branch's revision forks from a too: two heads, found across old and new files.
        tmp.write("versions/0003_c.py", "revision = 'c'\ndown_revision = 'a'\n" + body);
        const auto run = lint_in(tmp, {"--diff-base", "HEAD"});
        const auto report = nlohmann::json::parse(run.out);
        std::set<std::string> rules;
        for (const auto& f : report["findings"]) rules.insert(f["rule"].get<std::string>());
        CHECK(rules.count("filename-order") == 0);
        CHECK(rules.count("multiple-heads") == 1);
    }

    TEST_CASE("start-after in config: migrations up to and including it are replayed, not reported") {
        TempDir tmp;
        write_dependent_history(tmp, "versions", 30, 1, false);
        tmp.write("versions/31_index.sql", "CREATE INDEX t3_n_idx ON t3 (n);\n");
        tmp.write("miglint.toml", "start-after = \"0030\"\n");
        const auto run = run_cli({"--format", "json", "--ignore", "missing-lock-timeout", (tmp.path() / "versions").string()});
        const auto scoped = findings_by_file(run);
        REQUIRE(scoped.size() == 1);
        CHECK(scoped.count("31_index.sql") == 1);
        // A value that names nothing in the history is an error, not a silent full report.
        tmp.write("miglint.toml", "start-after = \"9999\"\n");
        const auto wrong = run_cli({(tmp.path() / "versions").string()});
        CHECK(wrong.exit_code == 2);
        CHECK(wrong.out.find("start-after") != std::string::npos);
    }

    TEST_CASE("start-after an Alembic revision: it and its ancestors are not reported, later ones are") {
        TempDir tmp;
        const std::string index = "from alembic import op\n\ndef upgrade():\n    op.create_index('i', 't', ['c'])\n\n"
                                  "def downgrade():\n    op.drop_index('i')\n";
        tmp.write("versions/r1.py", "revision = 'r1'\ndown_revision = None\n" + index);
        tmp.write("versions/r2.py", "revision = 'r2'\ndown_revision = 'r1'\n" + index);
        tmp.write("versions/r3.py", "revision = 'r3'\ndown_revision = 'r2'\n" + index);
        tmp.write("miglint.toml", "start-after = \"r2\"\n");
        const auto scoped = findings_by_file(
            run_cli({"--format", "json", "--select", "non-concurrent-index", (tmp.path() / "versions").string()}));
        REQUIRE(scoped.size() == 1);
        CHECK(scoped.count("r3.py") == 1);
    }

    TEST_CASE("a file named alone is linted with its set as context and reported alone") {
        TempDir tmp;
        write_dependent_history(tmp, "migrations", 6, 1, false);
        tmp.write("migrations/7_add.up.sql", "CREATE INDEX t1_n_idx ON t1 (n);\n");
        tmp.write("migrations/7_add.down.sql", "DROP INDEX t1_n_idx;\n");
        const auto run = run_cli({"--format", "json", "--no-config", "--ignore", "missing-lock-timeout",
                                  (tmp.path() / "migrations/7_add.up.sql").string()});
        const auto scoped = findings_by_file(run);
        // Its down file is read (no missing-downgrade), and only it is reported.
        REQUIRE(scoped.size() == 1);
        CHECK(scoped.begin()->first == "7_add.up.sql");
        CHECK(scoped.begin()->second.count("missing-downgrade") == 0);
        CHECK(scoped.begin()->second.count("non-concurrent-index") == 1);
    }

    TEST_CASE("a folder-per-migration file named alone gets the earlier migrations as context") {
        TempDir tmp;
        tmp.write("migrations/2024-01-01-000000_users/up.sql", "CREATE TABLE users (id bigint, email text);\n");
        tmp.write("migrations/2024-01-01-000000_users/down.sql", "DROP TABLE users;\n");
        tmp.write("migrations/2024-02-01-000000_email/up.sql", "CREATE INDEX users_email_idx ON users (email);\n");
        tmp.write("migrations/2024-02-01-000000_email/down.sql", "DROP INDEX users_email_idx;\n");
        const auto run = run_cli({"--format", "json", "--no-config", "--select", "non-concurrent-index,drop-table",
                                  (tmp.path() / "migrations/2024-02-01-000000_email/up.sql").string()});
        const auto scoped = findings_by_file(run);
        REQUIRE(scoped.size() == 1);
        CHECK(scoped.begin()->second == std::set<std::string>{"non-concurrent-index"});
    }
}

#include "fix_truth.hpp"

#include "cli/run_process.hpp"
#include "lock_truth.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

#include <miglint/sql_names.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace miglint::testing::fixtruth {
namespace {

namespace fs = std::filesystem;
using locktruth::lock_rank;
using locktruth::lower;
using locktruth::metadata_spelling;
using locktruth::sql_literal;
using locktruth::statements_of;
using locktruth::trim;

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The index of the first line of `lines` whose trimmed, lower-cased text starts with `marker`.
std::optional<std::size_t> marker_line(const std::vector<std::string>& lines, std::string_view marker) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lower(trim(lines[i])).starts_with(marker)) return i;
    }
    return std::nullopt;
}

// What the runner sends, one string per query, in order.
std::vector<std::string> units_of(Runner runner, const std::string& sql) {
    switch (runner) {
        case Runner::one_query: return {sql};
        case Runner::transaction: {
            auto units = statements_of(sql);
            units.insert(units.begin(), "BEGIN");
            units.emplace_back("COMMIT");
            return units;
        }
        case Runner::statements:
        case Runner::alembic: return statements_of(sql);
    }
    return {};
}

// The SQL Alembic 1.x emits for upgrading to head in offline mode, for the one
// revision `text`: its own transaction (transaction_per_migration, as
// Alembic's default env.py template runs online), COMMIT and BEGIN around
// autocommit_block(), and the alembic_version bookkeeping.
// `direction` is "upgrade" (base to head) or "downgrade" (head back to base).
Result<std::string> alembic_sql(const std::string& python, const std::string& file_name, const std::string& text,
                                std::string_view direction = "upgrade") {
    const TempDir project;
    project.write("env.py",
                  "from alembic import context\n"
                  "context.configure(dialect_name=\"postgresql\", transaction_per_migration=True, literal_binds=True)\n"
                  "with context.begin_transaction():\n"
                  "    context.run_migrations()\n");
    project.write("versions/" + fs::path(file_name).filename().string(), text);
    auto run = cli::run_process({python, "-c",
                                 "import sys\n"
                                 "from alembic.config import Config\n"
                                 "from alembic import command\n"
                                 "cfg = Config()\n"
                                 "cfg.set_main_option('script_location', sys.argv[1])\n" +
                                     std::string(direction == "upgrade" ? "command.upgrade(cfg, 'head', sql=True)\n"
                                                                        : "command.downgrade(cfg, 'head:base', sql=True)\n"),
                                 project.path().string()});
    if (!run.ok()) return run.error();
    if (run->exit_code != 0) {
        return Error{"alembic " + std::string(direction) + " --sql failed (exit " + std::to_string(run->exit_code) + "): " + run->err, "",
                     std::nullopt};
    }
    return run->out;
}

// The queries the migration `text` (named `file_name`) sends, as its runner sends them.
Result<std::vector<std::string>> units_for(Runner runner, const std::string& python, const std::string& file_name,
                                           const std::string& text) {
    if (runner != Runner::alembic) return units_of(runner, up_section(text));
    auto sql = alembic_sql(python, file_name, text);
    if (!sql.ok()) return sql.error();
    return units_of(runner, *sql);
}

// The queries the down direction of `text` sends (a goose or dbmate Down section, an Alembic downgrade()).
Result<std::vector<std::string>> down_units_for(Runner runner, const std::string& python, const std::string& file_name,
                                                const std::string& text) {
    if (runner != Runner::alembic) return units_of(runner, down_section(text));
    auto sql = alembic_sql(python, file_name, text, "downgrade");
    if (!sql.ok()) return sql.error();
    return units_of(runner, *sql);
}

std::string database_name(const Case& c, std::string_view role) {
    std::string name = "ft_";
    for (const char ch : c.rule_id + "_" + c.path.stem().string()) {
        name += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '_';
    }
    return name.substr(0, 50) + "_" + std::string(role);
}

// A fresh database `name` with the case's setup run in it, statement by statement.
Result<PgConnection> fresh_database(const PgTestServer& server, const std::string& name, const Case& c) {
    auto admin = server.connect("postgres");
    if (!admin.ok()) return admin.error();
    if (auto r = admin->exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); !r.ok()) return r.error();
    if (auto r = admin->exec("CREATE DATABASE " + name + " TEMPLATE template0"); !r.ok()) return r.error();
    auto conn = server.connect(name);
    if (!conn.ok()) return conn.error();
    conn->exec("SET statement_timeout = '60s'");
    for (const auto& statement : statements_of(c.setup)) {
        if (auto r = conn->exec(statement); !r.ok()) {
            return Error{"setup: `" + statement + "` failed: " + r.error().message, "", std::nullopt};
        }
    }
    // The rows the setup read (ANALYZE) reach the shared statistics now, not while the migration runs.
    if (auto r = conn->exec("SELECT pg_stat_force_next_flush()"); !r.ok()) return r.error();
    return conn;
}

// Sends each unit in turn; the first failure, naming its unit.
std::optional<std::string> run_units(PgConnection& conn, const std::vector<std::string>& units) {
    for (const auto& unit : units) {
        if (auto r = conn.exec(unit); !r.ok()) return "`" + trim(unit) + "` failed: " + r.error().message;
    }
    return std::nullopt;
}

// What the lock observer saw while the fixed migration ran.
struct LockReport {
    std::string strongest;                // metadata spelling, "" for none
    std::vector<std::string> violations;  // a mode stronger than the promise, with the query that took it
    bool waited_for_transactions = false; // waited for the holder's transaction (CONCURRENTLY does)
    std::uint64_t rows_read = 0;
    std::optional<std::string> failure;
};

std::string short_unit(const std::string& unit) {
    auto text = trim(unit);
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text.size() > 90 ? text.substr(0, 87) + "..." : text;
}

// Reads the relation locks `pid` holds (`granted`) or waits for on the table `oid`.
Result<PgRows> locks_of(PgConnection& observer, const std::string& pid, const std::string& oid, bool granted) {
    return observer.exec("SELECT mode, locktype, coalesce(relation::regclass::text, ''), relation = " + oid +
                         " FROM pg_locks WHERE pid = " + pid + " AND " + (granted ? "granted" : "NOT granted") +
                         (granted ? " AND locktype = 'relation' AND relation = " + oid : std::string()));
}

Result<std::uint64_t> rows_read_so_far(PgConnection& observer, const std::string& oid) {
    if (auto r = observer.exec("SELECT pg_stat_force_next_flush()"); !r.ok()) return r.error();
    auto rows = observer.exec("SELECT pg_stat_get_tuples_returned(" + oid + ") + pg_stat_get_tuples_fetched(" + oid + ")");
    if (!rows.ok()) return rows.error();
    return static_cast<std::uint64_t>(std::stoull(rows->text()));
}

// Runs `units` on a connection of its own while a second one holds a lock
// on the table that conflicts with every mode stronger than `promised`
// (ROW EXCLUSIVE, an open writer, for SHARE UPDATE EXCLUSIVE and stronger
// promises; ACCESS EXCLUSIVE below that). A query that waits on the table
// shows the mode it asks for in pg_locks; one that waits for the holder's
// transaction instead (CONCURRENTLY waits for running writers) is let through
// by releasing the holder, which takes its lock again before the next query
// unless the runner still holds a lock on the table. The locks the runner
// holds are also read while each query runs and after it.
LockReport observe_locks(const PgTestServer& server, const std::string& database, const std::string& table,
                         const std::string& promised, const std::vector<std::string>& units) {
    LockReport report;
    const auto fail = [&](const std::string& why) {
        report.failure = why;
        return report;
    };
    auto observer = server.connect(database);
    auto holder = server.connect(database);
    auto runner = server.connect(database);
    if (!observer.ok() || !holder.ok() || !runner.ok()) return fail("cannot connect to " + database);
    auto oid_rows = observer->exec("SELECT " + sql_literal(table) + "::regclass::oid");
    if (!oid_rows.ok()) return fail("table `" + table + "`: " + oid_rows.error().message);
    const auto oid = oid_rows->text();
    const auto pid = std::to_string(runner->backend_pid());
    runner->exec("SET statement_timeout = '60s'");
    auto read_before = rows_read_so_far(*observer, oid);
    if (!read_before.ok()) return fail(read_before.error().message);

    const int promised_rank = lock_rank(promised).value_or(-1);
    const auto max_rank = static_cast<int>(locktruth::table_lock_modes().size()) - 1;
    const std::string holder_mode =
        promised_rank >= *lock_rank("SHARE UPDATE EXCLUSIVE") ? "ROW EXCLUSIVE" : "ACCESS EXCLUSIVE";
    const bool use_holder = promised_rank < max_rank;
    std::set<std::string> seen;
    const auto note = [&](const std::string& pg_mode, const std::string& unit, std::string_view how) {
        const auto mode = metadata_spelling(pg_mode);
        const int rank = lock_rank(mode).value_or(max_rank);
        if (rank > lock_rank(report.strongest).value_or(-1)) report.strongest = mode;
        // Once per query and mode: a wait is then held, and read again by each poll.
        if (rank > promised_rank && seen.insert(unit + "\n" + mode).second) {
            report.violations.push_back("`" + short_unit(unit) + "` " + std::string(how) + " " + mode + " on " + table +
                                        ", stronger than the promised " + (promised.empty() ? "none" : promised));
        }
    };
    const auto note_held = [&](const std::string& unit) -> bool {
        auto held = locks_of(*observer, pid, oid, true);
        if (!held.ok()) return false;
        for (std::size_t r = 0; r < held->rows.size(); ++r) note(held->text(r, 0), unit, "holds");
        return !held->empty();
    };

    bool holding = false;
    std::string previous = "(start)";
    for (const auto& unit : units) {
        // The runner keeps what an open transaction took: the holder would only wait for it.
        if (use_holder && !holding && !note_held(previous)) {
            auto taken = holder->exec("BEGIN; LOCK TABLE " + table + " IN " + holder_mode + " MODE");
            if (!taken.ok()) return fail("the holder cannot lock " + table + ": " + taken.error().message);
            holding = true;
        }
        if (!runner->send(unit)) return fail(runner->last_error());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (runner->is_busy()) {
            auto waiting = locks_of(*observer, pid, oid, false);
            if (!waiting.ok()) return fail(waiting.error().message);
            if (!waiting->empty()) {
                if (waiting->text(0, 3) == "t") {
                    note(waiting->text(0, 0), unit, "asked for");
                } else {
                    report.waited_for_transactions = true;
                }
                if (holding) {
                    holder->exec("ROLLBACK");
                    holding = false;
                }
            }
            note_held(unit);
            if (std::chrono::steady_clock::now() > deadline) return fail("`" + short_unit(unit) + "` did not finish in 60 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        auto result = runner->wait();
        if (!result.ok()) return fail("`" + short_unit(unit) + "` failed: " + result.error().message);
        note_held(unit);
        previous = unit;
    }
    if (holding) holder->exec("ROLLBACK");
    runner->exec("SELECT pg_stat_force_next_flush()");
    auto read_after = rows_read_so_far(*observer, oid);
    if (!read_after.ok()) return fail(read_after.error().message);
    report.rows_read = *read_after >= *read_before ? *read_after - *read_before : 0;
    return report;
}

// pg_dump --schema-only of `database`, without comments, SET lines, restrict keys and blank lines.
Result<std::string> schema_of(const PgTestServer& server, const std::string& database) {
    auto run = cli::run_process({(server.bindir() / "pg_dump").string(), "--schema-only", "--no-owner",
                                 "--no-privileges",
                                 // Alembic's bookkeeping, which an `intended:` schema does not create.
                                 "--exclude-table=alembic_version", "-h", server.directory().string(), "-p",
                                 std::to_string(server.port()), "-U", "postgres", database});
    if (!run.ok()) return run.error();
    if (run->exit_code != 0) return Error{"pg_dump failed: " + run->err, "", std::nullopt};
    std::string out;
    for (const auto& line : lines_of(run->out)) {
        // pg_dump 15.14 and later fence the dump with \restrict <random key> lines.
        if (line.empty() || line.starts_with("--") || line.starts_with("SET ") || line.starts_with("\\restrict ") ||
            line.starts_with("\\unrestrict ") || line.starts_with("SELECT pg_catalog.set_config")) {
            continue;
        }
        out += line + "\n";
    }
    return out;
}

// The lines only in `a` ("-") and only in `b` ("+"), as multisets; a note when only their order differs.
std::string schema_difference(const std::string& a, const std::string& b) {
    std::map<std::string, int> count;
    for (const auto& line : lines_of(a)) ++count[line];
    for (const auto& line : lines_of(b)) --count[line];
    std::string out;
    for (const auto& [line, n] : count) {
        for (int i = 0; i < n; ++i) out += "    - " + line + "\n";
        for (int i = 0; i > n; --i) out += "    + " + line + "\n";
    }
    return out.empty() ? "    (the same lines in another order)\n" : out;
}

// "table.constraint" for every constraint that is NOT VALID.
std::vector<std::pair<std::string, std::string>> not_valid_constraints(PgConnection& conn) {
    std::vector<std::pair<std::string, std::string>> out;
    auto rows = conn.exec("SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE NOT convalidated "
                          "AND conrelid <> 0 ORDER BY 1, 2");
    if (!rows.ok()) return out;
    for (std::size_t r = 0; r < rows->rows.size(); ++r) out.emplace_back(rows->text(r, 0), rows->text(r, 1));
    return out;
}

struct Lint {
    std::size_t with_fix = 0;  // findings of the rule in the migration that carry a fix
    std::size_t total = 0;     // findings of the rule in the migration
    std::string error;
};

Lint lint_rule(const fs::path& dir, const fs::path& migration, const std::string& rule) {
    const auto run = run_binary({.args = {"--format", "json", "--no-config", "--exit-zero", "--select", rule, dir.string()}});
    Lint lint;
    const auto report = nlohmann::json::parse(run.out, nullptr, false);
    if (run.exit_code != 0 || !report.is_object()) {
        lint.error = "miglint exited " + std::to_string(run.exit_code) + ": " + run.err;
        return lint;
    }
    for (const auto& finding : report["findings"]) {
        std::error_code ec;
        if (finding.value("rule", "") != rule || !fs::equivalent(finding.value("path", ""), migration, ec)) continue;
        ++lint.total;
        if (!finding["fix"].is_null()) ++lint.with_fix;
    }
    return lint;
}

// The N of "fixed N finding(s)" in --fix's summary line, or -1.
int fixes_applied(const std::string& err) {
    const std::string key = "miglint: fixed ";
    const auto at = err.rfind(key);
    if (at == std::string::npos) return -1;
    return std::atoi(err.c_str() + at + key.size());
}

// Every file under `dir`, as paths relative to it, sorted.
std::vector<std::string> files_under(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), dir).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// An up migration a runner applies (not a down file, not a switch file).
bool is_up_migration(const std::string& file) {
    const auto name = fs::path(file).filename().string();
    if (!name.ends_with(".sql") || name.ends_with(".down.sql") || name == "down.sql") return false;
    return !(name.size() > 1 && name[0] == 'U' && std::isdigit(static_cast<unsigned char>(name[1])) != 0);
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string_view runner_name(Runner runner) {
    switch (runner) {
        case Runner::statements: return "statement by statement";
        case Runner::transaction: return "in one transaction";
        case Runner::one_query: return "as one query string";
        case Runner::alembic: return "as Alembic's offline SQL";
    }
    return "";
}

namespace {

// True when every statement of `sql` is one Flyway runs outside a transaction by itself.
bool flyway_runs_outside(const std::string& sql) {
    const auto statements = statements_of(sql);
    return !statements.empty() && std::all_of(statements.begin(), statements.end(), [](const std::string& statement) {
        std::string words;
        for (const auto& line : lines_of(statement)) {
            const auto t = trim(line);
            if (!t.empty() && !t.starts_with("--")) words += lower(t) + " ";
        }
        return words.starts_with("create index concurrently") || words.starts_with("create unique index concurrently") ||
               words.starts_with("drop index concurrently");
    });
}

// `key` = false in a .conf (Java properties) or metadata.toml.
bool switched_off(std::string_view switch_text, std::string_view key) {
    for (const auto& line : lines_of(switch_text)) {
        auto t = lower(trim(line));
        if (t.starts_with("#")) continue;
        std::erase(t, ' ');
        if (t.starts_with(lower(key) + "=false")) return true;
    }
    return false;
}

}  // namespace

std::string switch_file_of(std::string_view file_name) {
    const fs::path path(file_name);
    const auto name = path.filename().string();
    if (name == "up.sql" && path.has_parent_path()) return (path.parent_path() / "metadata.toml").string();
    if (name.size() > 3 && name[0] == 'V' && name.find("__") != std::string::npos) return std::string(file_name) + ".conf";
    return {};
}

Runner runner_of(std::string_view file_name, std::string_view text, std::string_view switch_text) {
    const fs::path path(file_name);
    if (path.extension() == ".py") return Runner::alembic;
    const auto lines = lines_of(text);
    if (marker_line(lines, "-- +goose up")) {
        return marker_line(lines, "-- +goose no transaction") ? Runner::statements : Runner::transaction;
    }
    if (const auto up = marker_line(lines, "-- migrate:up")) {
        return lower(lines[*up]).find("transaction:false") != std::string::npos ? Runner::statements
                                                                                 : Runner::transaction;
    }
    const auto name = path.filename().string();
    if ((name == "migration.sql" && path.has_parent_path()) || name.ends_with(".up.sql")) return Runner::one_query;
    // diesel with run_in_transaction = false sends the file as one query (batch_execute).
    if (name == "up.sql" && path.has_parent_path()) {
        return switched_off(switch_text, "run_in_transaction") ? Runner::one_query : Runner::transaction;
    }
    if (name.size() > 3 && name[0] == 'V' && std::isdigit(static_cast<unsigned char>(name[1])) &&
        name.find("__") != std::string::npos) {
        const bool outside = switched_off(switch_text, "executeInTransaction") || flyway_runs_outside(std::string(text));
        return outside ? Runner::statements : Runner::transaction;
    }
    return Runner::statements;
}

std::string up_section(std::string_view text) {
    const auto lines = lines_of(text);
    for (const auto& [up, down] : {std::pair{"-- +goose up", "-- +goose down"}, {"-- migrate:up", "-- migrate:down"}}) {
        const auto begin = marker_line(lines, up);
        if (!begin) continue;
        std::string out;
        for (std::size_t i = *begin + 1; i < lines.size() && !lower(trim(lines[i])).starts_with(down); ++i) {
            out += lines[i] + "\n";
        }
        return out;
    }
    return std::string(text);
}

std::string down_section(std::string_view text) {
    const auto lines = lines_of(text);
    for (const auto* down : {"-- +goose down", "-- migrate:down"}) {
        const auto begin = marker_line(lines, down);
        if (!begin) continue;
        std::string out;
        for (std::size_t i = *begin + 1; i < lines.size(); ++i) out += lines[i] + "\n";
        return out;
    }
    return {};
}

Case parse_case(const fs::path& path, const std::string& text, std::vector<std::string>& problems) {
    Case c;
    c.path = path;
    c.rule_id = path.parent_path().filename().string();
    c.alembic = path.extension() == ".py";
    c.text = text;
    c.file_name = c.alembic ? "versions/0002_fix_truth.py" : "0002_fix_truth.sql";
    const std::string prefix = c.alembic ? "#" : "--";
    const auto where = [&](std::size_t line) {
        return c.rule_id + "/" + path.filename().string() + ":" + std::to_string(line) + ": ";
    };
    const auto lines = lines_of(text);
    bool seen_header = false;
    bool seen_lock = false;
    std::string* block = nullptr;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto t = trim(lines[i]);
        const bool comment = t.starts_with(prefix);
        const auto body = comment ? std::string_view(t).substr(prefix.size()) : std::string_view();
        // A block goes on over indented comment lines and empty comment lines.
        if (block != nullptr && comment && (body.empty() || body.starts_with("  "))) {
            *block += trim(body) + "\n";
            continue;
        }
        block = nullptr;
        if (!comment) continue;
        const auto key = trim(body);
        if (key == "setup:") {
            block = &c.setup;
        } else if (key == "intended:") {
            block = &c.intended;
        } else if (key.starts_with("fix-truth:")) {
            seen_header = true;
            std::istringstream items(key.substr(std::string_view("fix-truth:").size()));
            for (std::string item; std::getline(items, item, ';');) {
                item = trim(item);
                if (item.empty()) continue;
                const auto eq = item.find('=');
                const auto name = trim(item.substr(0, eq));
                const auto value = eq == std::string::npos ? std::string() : trim(item.substr(eq + 1));
                if (name == "table") {
                    c.table = value;
                } else if (name == "lock") {
                    seen_lock = true;
                    const auto rank = lock_rank(value);
                    if (!rank) problems.push_back(where(i + 1) + "`lock=" + value + "` is not a table lock mode or none");
                    c.lock = rank && *rank >= 0 ? locktruth::table_lock_modes()[static_cast<std::size_t>(*rank)] : "";
                } else if (name == "as") {
                    c.file_name = value;
                } else if (name == "fixes") {
                    c.fixes = std::atoi(value.c_str());
                } else if (name == "leftover" && value == "not-valid") {
                    c.not_valid_leftover = true;
                } else if (name == "no-scan" && eq == std::string::npos) {
                    c.no_scan = true;
                } else if (name == "round-trip" && eq == std::string::npos) {
                    c.round_trip = true;
                } else {
                    problems.push_back(where(i + 1) + "unknown item `" + item + "`");
                }
            }
        }
    }
    if (!seen_header) problems.push_back(where(1) + "no `" + prefix + " fix-truth:` line");
    if (c.table.empty()) problems.push_back(where(1) + "no `table=` in the fix-truth line");
    if (!seen_lock) problems.push_back(where(1) + "no `lock=` in the fix-truth line (the safe way's strongest mode)");
    if (trim(c.setup).empty()) problems.push_back(where(1) + "no `setup:` block");
    if (c.alembic != (fs::path(c.file_name).extension() == ".py")) {
        problems.push_back(where(1) + "`as=" + c.file_name + "` is not in the case file's language");
    }
    return c;
}

std::vector<fs::path> case_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& rule_dir : fs::directory_iterator(dir, ec)) {
        if (!rule_dir.is_directory()) continue;
        for (const auto& entry : fs::directory_iterator(rule_dir.path(), ec)) {
            const auto name = entry.path().filename().string();
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && name.starts_with("fix-truth") && (ext == ".sql" || ext == ".py")) {
                out.push_back(entry.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::string> alembic_python() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("MIGLINT_ALEMBIC_PYTHON"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    } else {
        // Debian's python3-alembic installs for the system interpreter, which a pyenv on PATH hides.
        candidates = {"/usr/bin/python3", "python3"};
    }
    for (const auto& python : candidates) {
        auto run = cli::run_process({python, "-c", "import alembic, sqlalchemy"});
        if (run.ok() && run->exit_code == 0) return python;
    }
    return Error{"no Python with alembic and sqlalchemy (Debian: python3-alembic; or set MIGLINT_ALEMBIC_PYTHON)", "",
                 std::nullopt};
}

std::vector<std::string> run_case(const PgTestServer& server, const Case& c, const std::string& python,
                                  std::vector<std::string>& log) {
    std::vector<std::string> out;
    const auto who = c.rule_id + "/" + c.path.filename().string() + ": ";
    const auto problem = [&](const std::string& text) { out.push_back(who + text); };

    // Lint, fix through the real binary, lint again.
    const TempDir tmp;
    const auto lint_dir = tmp.path() / "lint";
    const auto migration = lint_dir / c.file_name;
    fs::create_directories(migration.parent_path());
    std::ofstream(migration, std::ios::binary) << c.text;
    const auto before = lint_rule(lint_dir, migration, c.rule_id);
    if (!before.error.empty()) return {who + "lint: " + before.error};
    const auto files_before = files_under(lint_dir);
    const auto fix = run_binary({.args = {"--fix", "--unsafe-fixes", "--no-config", "--select", c.rule_id, lint_dir.string()}});
    const int applied = fixes_applied(fix.err);
    if (fix.exit_code == 2 || applied < 0) return {who + "miglint --fix failed (exit " + std::to_string(fix.exit_code) + "): " + fix.err};
    const auto fixed_text = read_text(migration);
    const auto after = lint_rule(lint_dir, migration, c.rule_id);
    if (!after.error.empty()) return {who + "lint of the fixed file: " + after.error};
    if (c.fixes ? applied != *c.fixes : applied < 1) {
        problem("--fix applied " + std::to_string(applied) + " fix(es), the case expects " +
                (c.fixes ? std::to_string(*c.fixes) : std::string("at least one")) + "\n" + fix.err);
    }
    if (after.total + static_cast<std::size_t>(applied) != before.total) {
        problem("the fixed file still raises " + std::to_string(after.total) + " " + c.rule_id + " finding(s) of the " +
                std::to_string(before.total) + " before, with " + std::to_string(applied) + " fixed");
    }
    if (after.with_fix != 0) problem("the fixed file still offers " + std::to_string(after.with_fix) + " fix(es)");
    // Files the fix created: a runner's switch file, a migration of its own (run after this one).
    std::vector<std::string> created;
    for (const auto& file : files_under(lint_dir)) {
        if (std::find(files_before.begin(), files_before.end(), file) == files_before.end()) created.push_back(file);
    }
    if (fixed_text == c.text && created.empty()) return out;

    const auto switch_of = [&](const std::string& file_name) {
        const auto switch_file = switch_file_of(file_name);
        return switch_file.empty() ? std::string() : read_text(lint_dir / switch_file);
    };
    const auto runner = runner_of(c.file_name, fixed_text, switch_of(c.file_name));
    auto original_units = units_for(runner_of(c.file_name, c.text), python, c.file_name, c.text);
    auto fixed_units = units_for(runner, python, c.file_name, fixed_text);
    if (!original_units.ok()) return {who + "the original: " + original_units.error().message};
    if (!fixed_units.ok()) return {who + "the fixed: " + fixed_units.error().message};
    for (const auto& file : created) {
        if (!is_up_migration(file)) continue;
        const auto text = read_text(lint_dir / file);
        auto units = units_for(runner_of(file, text, switch_of(file)), python, file, text);
        if (!units.ok()) return {who + "the created " + file + ": " + units.error().message};
        fixed_units->insert(fixed_units->end(), units->begin(), units->end());
        log.push_back(who + "the fix created " + file + ", run " + std::string(runner_name(runner_of(file, text, switch_of(file)))));
    }

    // The reference: the original as its runner runs it, or the intended schema where it fails.
    const auto reference_db = database_name(c, "a");
    {
        auto conn = fresh_database(server, reference_db, c);
        if (!conn.ok()) return {who + conn.error().message};
        const auto failed = run_units(*conn, *original_units);
        if (!trim(c.intended).empty()) {
            if (!failed) problem("the original ran without error, but the case gives an `intended:` schema for its failure");
            auto again = fresh_database(server, reference_db, c);
            if (!again.ok()) return {who + again.error().message};
            for (const auto& statement : statements_of(c.intended)) {
                if (auto r = again->exec(statement); !r.ok()) return {who + "intended: `" + statement + "` failed: " + r.error().message};
            }
        } else if (failed) {
            return {who + "the original migration fails (" + *failed + "): give the `intended:` schema"};
        }
    }

    // The fixed migration, under the lock observer.
    const auto fixed_db = database_name(c, "b");
    auto conn = fresh_database(server, fixed_db, c);
    if (!conn.ok()) return {who + conn.error().message};
    const auto locks = observe_locks(server, fixed_db, c.table, c.lock, *fixed_units);
    if (locks.failure) return {who + "the fixed migration (run " + std::string(runner_name(runner)) + "): " + *locks.failure};
    for (const auto& v : locks.violations) problem(v);
    if (c.no_scan && locks.rows_read > 0) {
        problem("the fixed migration read " + std::to_string(locks.rows_read) + " rows of " + c.table +
                ", the case promises no scan");
    }

    // Both schemas; NOT VALID leftovers are listed, validated as the fix's help says, then compared again.
    auto reference_schema = schema_of(server, reference_db);
    auto fixed_schema = schema_of(server, fixed_db);
    if (!reference_schema.ok() || !fixed_schema.ok()) {
        return {who + (reference_schema.ok() ? fixed_schema.error().message : reference_schema.error().message)};
    }
    std::string leftovers;
    if (c.not_valid_leftover && *reference_schema != *fixed_schema) {
        auto reference = server.connect(reference_db);
        const auto valid_before = reference.ok() ? not_valid_constraints(*reference) : decltype(not_valid_constraints(*conn)){};
        for (const auto& [relation, name] : not_valid_constraints(*conn)) {
            if (std::find(valid_before.begin(), valid_before.end(), std::pair{relation, name}) != valid_before.end()) continue;
            leftovers += (leftovers.empty() ? "" : ", ") + relation + "." + name;
            if (auto r = conn->exec("ALTER TABLE " + relation + " VALIDATE CONSTRAINT " + quote_ident(name)); !r.ok()) {
                problem("validating the NOT VALID leftover " + name + " failed: " + r.error().message);
            }
        }
        fixed_schema = schema_of(server, fixed_db);
        if (!fixed_schema.ok()) return {who + fixed_schema.error().message};
    }
    if (*reference_schema != *fixed_schema) {
        problem("the fixed migration ends in another schema than the " +
                std::string(trim(c.intended).empty() ? "original" : "intended one") + " (- reference, + fixed):\n" +
                schema_difference(*reference_schema, *fixed_schema));
    }
    // The fixed downgrade, run after the fixed upgrade, must leave the schema the setup made.
    if (c.round_trip) {
        auto down_units = down_units_for(runner, python, c.file_name, fixed_text);
        if (!down_units.ok()) return {who + "the fixed downgrade: " + down_units.error().message};
        if (down_units->empty()) problem("round-trip: the fixed migration has no down direction");
        if (const auto failed = run_units(*conn, *down_units)) problem("round-trip: the fixed downgrade fails: " + *failed);
        const auto setup_db = database_name(c, "c");
        if (auto setup_only = fresh_database(server, setup_db, c); !setup_only.ok()) return {who + setup_only.error().message};
        auto setup_schema = schema_of(server, setup_db);
        auto after_down = schema_of(server, fixed_db);
        if (!setup_schema.ok() || !after_down.ok()) {
            return {who + (setup_schema.ok() ? after_down.error().message : setup_schema.error().message)};
        }
        if (*setup_schema != *after_down) {
            problem("round-trip: upgrade then the fixed downgrade does not give back the schema before (- before, + after):\n" +
                    schema_difference(*setup_schema, *after_down));
        }
        if (auto admin = server.connect("postgres"); admin.ok()) admin->exec("DROP DATABASE IF EXISTS " + setup_db + " WITH (FORCE)");
    }
    log.push_back(who + std::to_string(applied) + " fix(es), run " + std::string(runner_name(runner)) +
                  ", strongest lock on " + c.table + ": " + (locks.strongest.empty() ? "none" : locks.strongest) +
                  (locks.waited_for_transactions ? " (waited for running transactions)" : "") + ", " +
                  std::to_string(locks.rows_read) + " rows read" +
                  (leftovers.empty() ? "" : ", NOT VALID left and validated after: " + leftovers) +
                  (c.round_trip ? "; the downgrade ran after it" : ""));
    auto admin = server.connect("postgres");
    if (admin.ok()) {
        admin->exec("DROP DATABASE IF EXISTS " + reference_db + " WITH (FORCE)");
        admin->exec("DROP DATABASE IF EXISTS " + fixed_db + " WITH (FORCE)");
    }
    return out;
}

}  // namespace miglint::testing::fixtruth

#include "lock_truth.hpp"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace miglint::testing::locktruth {
namespace {

namespace fs = std::filesystem;

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> split_items(std::string_view text) {
    std::vector<std::string> items;
    std::string current;
    for (const char c : text) {
        if (c == ',') {
            items.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!trim(current).empty() || !items.empty()) items.push_back(trim(current));
    return items;
}

std::string describe_mode(const std::string& mode) {
    return mode.empty() ? std::string("no lock") : mode;
}

std::string database_name(const std::string& rule_id, int block) {
    std::string name = "lt_";
    for (const char c : rule_id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    name = name.substr(0, 50);
    return name + "_" + std::to_string(block);
}

// Runs each statement of `sql` on its own (autocommit), as psql would.
std::optional<std::string> run_each(PgConnection& conn, const std::string& sql) {
    for (const auto& statement : statements_of(sql)) {
        auto result = conn.exec(statement);
        if (!result.ok()) return "`" + statement + "` failed: " + result.error().message;
    }
    return std::nullopt;
}

Result<std::uint64_t> number(PgConnection& conn, const std::string& sql) {
    auto rows = conn.exec(sql);
    if (!rows.ok()) return rows.error();
    if (rows->is_null()) return std::uint64_t{0};
    return static_cast<std::uint64_t>(std::stoull(rows->text()));
}

struct Storage {
    std::optional<std::string> relfilenode;  // empty when the table is gone
    std::uint64_t read = 0;
};

// The table's relfilenode and the rows read from it so far: this
// transaction's counters (`xact`) or the server's shared ones.
Result<Storage> storage_of(PgConnection& conn, const std::string& oid, bool xact) {
    const std::string prefix = xact ? "pg_stat_get_xact_" : "pg_stat_get_";
    auto rows = conn.exec("SELECT (SELECT relfilenode FROM pg_class WHERE oid = " + oid + "), " + prefix +
                          "tuples_returned(" + oid + ") + " + prefix + "tuples_fetched(" + oid + ")");
    if (!rows.ok()) return rows.error();
    Storage s;
    if (!rows->is_null(0, 0)) s.relfilenode = rows->text(0, 0);
    s.read = rows->is_null(0, 1) ? 0 : std::stoull(rows->text(0, 1));
    return s;
}

// Fills rewrite / emptied / dropped / rows_read from the storage before and after.
Result<Observation> compare_storage(PgConnection& conn, const std::string& oid, const Storage& before,
                                    const Storage& after, Observation obs) {
    obs.rows_read = after.read >= before.read ? after.read - before.read : 0;
    if (!after.relfilenode) {
        obs.dropped = true;
        return obs;
    }
    if (after.relfilenode == before.relfilenode) return obs;
    // A new relfilenode with no rows left is TRUNCATE's fresh empty file, not a rewrite.
    auto name = conn.exec("SELECT " + oid + "::regclass::text");
    if (!name.ok()) return name.error();
    auto empty = conn.exec("SELECT NOT EXISTS (SELECT 1 FROM " + name->text() + ")");
    if (!empty.ok()) return empty.error();
    if (empty->text() == "t") {
        obs.emptied = true;
    } else {
        obs.rewrite = true;
    }
    return obs;
}

std::string lock_query(const std::string& oid, const std::string& pid, bool granted) {
    return "SELECT mode, locktype, relation::regclass::text, relation = " + oid + " FROM pg_locks WHERE pid = " + pid +
           " AND " + (granted ? "granted" : "NOT granted") +
           (granted ? " AND locktype = 'relation' AND relation = " + oid +
                          " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    : std::string());
}

// BEGIN; run the block; read the locks this backend holds on the table; ROLLBACK.
Result<Observation> observe_in_transaction(PgConnection& conn, const std::string& oid, const Block& block) {
    if (auto r = conn.exec("BEGIN"); !r.ok()) return r.error();
    auto before = storage_of(conn, oid, true);
    if (!before.ok()) return before.error();
    if (auto run = conn.exec(block.sql); !run.ok()) {
        conn.exec("ROLLBACK");
        return Error{"the statement failed: " + run.error().message, "", std::nullopt};
    }
    Observation obs;
    auto locks = conn.exec(lock_query(oid, "pg_backend_pid()", true));
    if (!locks.ok()) return locks.error();
    int strongest = -1;
    for (std::size_t r = 0; r < locks->rows.size(); ++r) {
        const auto rank = lock_rank(locks->text(r, 0));
        if (rank && *rank > strongest) {
            strongest = *rank;
            obs.mode = metadata_spelling(locks->text(r, 0));
        }
    }
    auto after = storage_of(conn, oid, true);
    if (!after.ok()) return after.error();
    auto result = compare_storage(conn, oid, *before, *after, obs);
    conn.exec("ROLLBACK");
    return result;
}

// The mode the holder takes so that the statement waits for the lock it is
// claimed to take: SHARE UPDATE EXCLUSIVE lets the brief ACCESS SHARE lookup
// some statements take first (VACUUM's) through, and blocks every claim of
// that mode or stronger; a weaker claim needs ACCESS EXCLUSIVE to wait at all.
std::string holder_mode(const std::string& claimed_mode) {
    const auto share_update = lock_rank("SHARE UPDATE EXCLUSIVE");
    return lock_rank(claimed_mode).value_or(-1) >= *share_update ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
}

// A second connection holds a lock on the table (holder_mode); the block runs
// on a third, statement by statement, and the first lock it waits for on the
// table is read from pg_locks (granted = false). Then the holder lets go.
Result<Observation> observe_blocked(const PgTestServer& server, const std::string& database, PgConnection& observer,
                                    const std::string& oid, const std::string& table, const Block& block,
                                    const std::string& claimed_mode) {
    auto holder = server.connect(database);
    if (!holder.ok()) return holder.error();
    auto runner = server.connect(database);
    if (!runner.ok()) return runner.error();
    if (auto r = runner->exec("SET statement_timeout = '60s'"); !r.ok()) return r.error();
    // Our own pending counters (setup, count(*)) reach the shared statistics now.
    if (auto r = observer.exec("SELECT pg_stat_force_next_flush()"); !r.ok()) return r.error();
    auto before = storage_of(observer, oid, false);
    if (!before.ok()) return before.error();
    if (auto r = holder->exec("BEGIN; LOCK TABLE " + table + " IN " + holder_mode(claimed_mode) + " MODE"); !r.ok()) {
        return r.error();
    }

    Observation obs;
    bool observed = false;
    bool holding = true;
    std::optional<std::string> failure;
    const auto pid = std::to_string(runner->backend_pid());
    for (const auto& statement : statements_of(block.sql)) {
        Result<PgRows> result = PgRows{};
        if (observed) {
            result = runner->exec(statement);
        } else {
            if (!runner->send(statement)) return Error{runner->last_error(), "", std::nullopt};
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (runner->is_busy()) {
                auto waiting = observer.exec(lock_query(oid, pid, false));
                if (!waiting.ok()) return waiting.error();
                if (!waiting->empty()) {
                    observed = true;
                    if (waiting->text(0, 3) == "t") {
                        obs.mode = metadata_spelling(waiting->text(0, 0));
                    } else {
                        obs.waited_elsewhere =
                            waiting->text(0, 0) + " on " + waiting->text(0, 1) + " " + waiting->text(0, 2);
                    }
                    break;
                }
                if (std::chrono::steady_clock::now() > deadline) {
                    return Error{"`" + statement + "` neither finished nor waited for a lock within 30 s", "",
                                 std::nullopt};
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (observed) {
                holder->exec("ROLLBACK");
                holding = false;
            }
            result = runner->wait();
        }
        if (!result.ok()) {
            failure = "`" + statement + "` failed: " + result.error().message;
            break;
        }
    }
    if (holding) holder->exec("ROLLBACK");
    if (block.expect.fails) {
        if (!failure) return Error{"the block was expected to fail (`fails`) but succeeded", "", std::nullopt};
        return obs;
    }
    if (failure) return Error{*failure, "", std::nullopt};
    // The runner's counters reach the shared statistics before its next ReadyForQuery.
    if (auto r = runner->exec("SELECT pg_stat_force_next_flush()"); !r.ok()) return r.error();
    auto after = storage_of(observer, oid, false);
    if (!after.ok()) return after.error();
    return compare_storage(observer, oid, *before, *after, obs);
}

// The blocks that run, committed, before safe block `index`: its `after-previous` chain.
std::vector<const Block*> chain_before(const Case& c, std::size_t index) {
    std::vector<const Block*> chain;
    for (std::size_t i = index; i > 0 && c.safe[i].expect.after_previous; --i)
        chain.insert(chain.begin(), &c.safe[i - 1]);
    return chain;
}

Result<Observation> run_block(const PgTestServer& server, const Case& c, const Block& block,
                              const std::vector<const Block*>& chain, int number_in_case,
                              const std::string& claimed_mode) {
    const auto database = database_name(c.rule_id, number_in_case);
    auto admin = server.connect("postgres");
    if (!admin.ok()) return admin.error();
    if (auto r = admin->exec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"); !r.ok()) return r.error();
    if (auto r = admin->exec("CREATE DATABASE " + database + " TEMPLATE template0"); !r.ok()) return r.error();
    Result<Observation> result = Error{"not run", "", std::nullopt};
    {
        auto conn = server.connect(database);
        if (!conn.ok()) return conn.error();
        conn->exec("SET statement_timeout = '60s'");
        if (auto problem = run_each(*conn, c.setup)) return Error{"setup: " + *problem, "", std::nullopt};
        for (const auto* earlier : chain) {
            const auto problem =
                earlier->expect.no_transaction ? run_each(*conn, earlier->sql) : [&]() -> std::optional<std::string> {
                auto r = conn->exec(earlier->sql);
                if (!r.ok()) return r.error().message;
                return std::nullopt;
            }();
            if (problem) {
                return Error{"the earlier safe block (line " + std::to_string(earlier->line) + "): " + *problem, "",
                             std::nullopt};
            }
        }
        auto oid = conn->exec("SELECT " + sql_literal(c.table) + "::regclass::oid");
        if (!oid.ok()) return Error{"table `" + c.table + "`: " + oid.error().message, "", std::nullopt};
        auto rows = number(*conn, "SELECT count(*) FROM " + c.table);
        if (!rows.ok()) return rows.error();
        if (*rows == 0)
            return Error{"`" + c.table + "` has no rows after setup: populate it (generate_series)", "", std::nullopt};
        if (block.expect.no_transaction || block.expect.fails) {
            result = observe_blocked(server, database, *conn, oid->text(), c.table, block, claimed_mode);
        } else {
            result = observe_in_transaction(*conn, oid->text(), block);
        }
        if (result.ok()) result->rows = *rows;
    }
    admin->exec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    return result;
}

std::string describe_read(const Observation& obs) {
    return "read " + std::to_string(obs.rows_read) + " rows of the table's " + std::to_string(obs.rows);
}

// The disagreements between `expect` and `obs`; `claims` says whose claim it is
// ("add-primary-key: rule claims ").
void compare(const std::string& claims, const Expectation& expect, const Observation& obs, const std::string& table,
             std::vector<std::string>& out) {
    if (!obs.waited_elsewhere.empty()) {
        out.push_back(claims + describe_mode(expect.mode) + ", server made it wait first for " + obs.waited_elsewhere +
                      " (not on " + table + "), so its lock on the table was not seen");
    } else if (obs.mode != expect.mode) {
        out.push_back(claims + describe_mode(expect.mode) + ", server took " +
                      (obs.mode.empty() ? "no lock on " + table : obs.mode));
    }
    // A failing statement stops at the first offending row and rolls back: only its lock says anything.
    if (expect.fails) return;
    if (expect.rewrite && !obs.rewrite) {
        out.push_back(claims + "a rewrite, relfilenode did not change" +
                      (obs.emptied ? " (the table got a new, empty file: truncated, not rewritten)" : ""));
    } else if (!expect.rewrite && obs.rewrite) {
        out.push_back(claims + "no rewrite, relfilenode changed");
    }
    const bool full_scan = obs.rows_read >= obs.rows;
    // A rewrite reads every row, so a rewrite claim implies a scan.
    const bool scan = expect.scan || expect.rewrite;
    if (scan && !full_scan && !obs.dropped) {
        out.push_back(claims + "a scan, server " + describe_read(obs));
    } else if (!scan && obs.rows_read > 0) {
        out.push_back(claims + "no scan, server " + describe_read(obs));
    }
}

}  // namespace

std::string trim(std::string_view text) {
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string sql_literal(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

std::vector<std::string> statements_of(const std::string& sql) {
    std::vector<std::string> out;
    const PgQuerySplitResult split = pg_query_split_with_parser(sql.c_str());
    if (split.error == nullptr) {
        for (int i = 0; i < split.n_stmts; ++i) {
            const auto* s = split.stmts[i];
            const auto begin = static_cast<std::size_t>(s->stmt_location);
            const auto length = s->stmt_len == 0 ? std::string::npos : static_cast<std::size_t>(s->stmt_len);
            auto text = trim(std::string_view(sql).substr(begin, length));
            if (!text.empty()) out.push_back(std::move(text));
        }
    }
    pg_query_free_split_result(split);
    if (split.error != nullptr || out.empty()) {
        if (!trim(sql).empty()) return {sql};
    }
    return out;
}

const std::vector<std::string>& table_lock_modes() {
    static const std::vector<std::string> modes{
        "ACCESS SHARE", "ROW SHARE",           "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
        "SHARE",        "SHARE ROW EXCLUSIVE", "EXCLUSIVE",     "ACCESS EXCLUSIVE"};
    return modes;
}

std::string metadata_spelling(std::string_view pg_locks_mode) {
    std::string text(pg_locks_mode);
    if (text.size() > 4 && text.ends_with("Lock")) {
        text.resize(text.size() - 4);
    } else {
        return std::string(pg_locks_mode);
    }
    std::string out;
    for (const char c : text) {
        if (std::isupper(static_cast<unsigned char>(c)) && !out.empty()) out += ' ';
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::optional<int> lock_rank(std::string_view mode) {
    const auto text = upper(metadata_spelling(trim(mode)));
    if (text.empty() || text == "NONE") return -1;
    const auto& modes = table_lock_modes();
    const auto it = std::find(modes.begin(), modes.end(), text);
    if (it == modes.end()) return std::nullopt;
    return static_cast<int>(it - modes.begin());
}

Case parse_case(const fs::path& path, const std::string& text, std::vector<std::string>& problems) {
    Case c;
    c.path = path;
    c.rule_id = path.parent_path().filename().string();  // tests/fixtures/<rule-id>/lock-truth.sql
    const auto where = [&](int line) { return c.rule_id + "/" + path.filename().string() + ":" + std::to_string(line) + ": "; };
    enum class Section { none, setup, block };
    Section section = Section::none;
    Block* current = nullptr;
    bool seen_setup = false;

    // Reads "MODE[, modifier...]" (`mode_required`) or "[MODE, ]modifier..." into `block`.
    const auto header = [&](std::string_view rest, Block& block, bool is_safe, int line) {
        auto items = split_items(rest);
        std::size_t first = 0;
        if (!items.empty()) {
            if (const auto rank = lock_rank(items[0])) {
                block.expect.mode = *rank < 0 ? std::string() : table_lock_modes()[static_cast<std::size_t>(*rank)];
                block.expect.explicit_mode = true;
                first = 1;
            }
        }
        if (is_safe && !block.expect.explicit_mode) {
            problems.push_back(where(line) +
                               "`-- safe:` needs the expected lock mode first (e.g. SHARE UPDATE EXCLUSIVE, or none)");
        }
        for (std::size_t i = first; i < items.size(); ++i) {
            const auto m = lower(items[i]);
            if (m == "rewrite") {
                block.expect.rewrite = true;
            } else if (m == "scan") {
                block.expect.scan = true;
            } else if (m == "no-transaction") {
                block.expect.no_transaction = true;
            } else if (m == "fails") {
                block.expect.fails = true;
            } else if (m == "after-previous" && is_safe) {
                block.expect.after_previous = true;
            } else {
                problems.push_back(where(line) + "unknown modifier `" + items[i] + "`");
            }
        }
        if (!block.expect.explicit_mode && (block.expect.rewrite || block.expect.scan)) {
            problems.push_back(where(line) +
                               "`rewrite` and `scan` on a flagged block come from the rule's metadata; "
                               "state a mode first to describe a variant");
        }
    };

    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const auto t = trim(line);
        const auto rest_after = [&](std::string_view key) { return trim(std::string_view(t).substr(key.size())); };
        if (t.starts_with("-- table:")) {
            c.table = rest_after("-- table:");
            section = Section::none;
        } else if (t.starts_with("-- setup:")) {
            section = Section::setup;
            seen_setup = true;
            if (auto rest = rest_after("-- setup:"); !rest.empty()) c.setup += rest + "\n";
        } else if (t.starts_with("-- flagged:")) {
            current = &c.flagged.emplace_back();
            current->line = number;
            header(rest_after("-- flagged:"), *current, false, number);
            section = Section::block;
        } else if (t.starts_with("-- safe:")) {
            current = &c.safe.emplace_back();
            current->line = number;
            header(rest_after("-- safe:"), *current, true, number);
            if (current->expect.after_previous && c.safe.size() == 1) {
                problems.push_back(where(number) +
                                   "`after-previous` on the first safe block: there is no previous one");
            }
            section = Section::block;
        } else if (section == Section::setup) {
            c.setup += line + "\n";
        } else if (section == Section::block && current != nullptr) {
            current->sql += line + "\n";
        }
    }
    if (c.table.empty()) problems.push_back(where(1) + "no `-- table:` line");
    if (!seen_setup) problems.push_back(where(1) + "no `-- setup:` section");
    if (c.flagged.empty()) problems.push_back(where(1) + "no `-- flagged:` block");
    for (const auto* list : {&c.flagged, &c.safe}) {
        for (const auto& b : *list) {
            if (trim(b.sql).empty()) problems.push_back(where(b.line) + "empty block");
        }
    }
    return c;
}

std::vector<fs::path> case_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto file = entry.path() / k_lock_truth_file;
        if (entry.is_directory() && fs::is_regular_file(file)) out.push_back(file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool claims_table_effect(const Rule& rule, PgVersion version) {
    return (!rule.lock.empty() || rule.rewrites_table || rule.scans_table) && rule.pg_versions.contains(version);
}

std::vector<std::string> run_case(const PgTestServer& server, const Case& c, const Rule& rule) {
    std::vector<std::string> out;
    const auto claimed_rank = lock_rank(rule.lock);
    if (!claimed_rank) {
        out.push_back(c.rule_id + ": rule's lock `" + std::string(rule.lock) + "` is not a table lock mode name");
        return out;
    }
    int number = 0;
    for (const auto& block : c.flagged) {
        Expectation expect = block.expect;
        std::string who = c.rule_id + ": rule";
        if (!expect.explicit_mode) {
            expect.mode = std::string(rule.lock);
            expect.rewrite = rule.rewrites_table;
            expect.scan = rule.scans_table;
        } else {
            who = c.rule_id + ": flagged variant (line " + std::to_string(block.line) + ")";
            // The metadata names the strongest mode any flagged form takes.
            if (lock_rank(expect.mode).value_or(-1) > *claimed_rank) {
                out.push_back(who + " takes " + describe_mode(expect.mode) + ", stronger than the rule's claim " +
                              describe_mode(std::string(rule.lock)) + ": the claim must be the strongest mode");
            }
        }
        const auto obs = run_block(server, c, block, {}, ++number, expect.mode);
        if (!obs.ok()) {
            out.push_back(c.rule_id + ": flagged block (line " + std::to_string(block.line) +
                          "): " + obs.error().message);
            continue;
        }
        compare(who + (expect.explicit_mode ? " expects " : " claims "), expect, *obs, c.table, out);
    }
    for (std::size_t i = 0; i < c.safe.size(); ++i) {
        const auto& block = c.safe[i];
        const auto who = c.rule_id + ": safe alternative (line " + std::to_string(block.line) + ")";
        const auto obs = run_block(server, c, block, chain_before(c, i), ++number, block.expect.mode);
        if (!obs.ok()) {
            out.push_back(who + ": " + obs.error().message);
            continue;
        }
        compare(who + " expects ", block.expect, *obs, c.table, out);
    }
    return out;
}

}  // namespace miglint::testing::locktruth

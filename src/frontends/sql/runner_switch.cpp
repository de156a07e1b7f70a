#include "sql/runner_switch.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace miglint::sql {
namespace {

std::string_view trim_blanks(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::optional<bool> boolean(std::string_view value) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lowered == "true") return true;
    if (lowered == "false") return false;
    return std::nullopt;
}

// `key`'s boolean in `text`: Java properties (`key=value`, `key: value`;
// `#` and `!` comments) for Flyway, TOML (`key = value`, `#` comments,
// `"key"` quoted) for diesel. The last assignment wins, as in both.
std::optional<bool> setting_of(const std::string& text, std::string_view key) {
    std::optional<bool> found;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        auto view = trim_blanks(line);
        if (view.empty() || view.front() == '#' || view.front() == '!') continue;
        const auto sep = view.find_first_of("=:");
        if (sep == std::string_view::npos) continue;
        auto name = trim_blanks(view.substr(0, sep));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        if (name != key) continue;
        auto value = trim_blanks(view.substr(sep + 1));
        value = trim_blanks(value.substr(0, value.find('#')));
        if (const auto b = boolean(value)) found = b;
    }
    return found;
}

bool is_flyway(NameLayout layout) {
    return layout == NameLayout::flyway_versioned || layout == NameLayout::flyway_undo ||
           layout == NameLayout::flyway_repeatable;
}

bool is_diesel(NameLayout layout) { return layout == NameLayout::up_in_dir || layout == NameLayout::down_in_dir; }

std::string file_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// True when a Cargo.toml's text names sqlx as a dependency (`sqlx = ...`, `[dependencies.sqlx]`).
bool names_sqlx(const std::string& cargo) {
    std::istringstream lines(cargo);
    std::string line;
    while (std::getline(lines, line)) {
        const auto view = trim_blanks(line);
        if (view.starts_with("sqlx") && trim_blanks(view.substr(4)).starts_with("=")) return true;
        if (view.starts_with("[dependencies.sqlx]") || view.starts_with("[workspace.dependencies.sqlx]")) return true;
    }
    return false;
}

constexpr std::string_view k_sqlx_no_transaction = "-- no-transaction";

}  // namespace

std::optional<RunnerSwitch> read_runner_switch(const std::string& sql_path, NameLayout layout) {
    RunnerSwitch out;
    std::string_view key;
    if (is_flyway(layout)) {
        out.path = sql_path + ".conf";
        key = "executeInTransaction";
    } else if (is_diesel(layout)) {
        const auto slash = sql_path.rfind('/');
        out.path = (slash == std::string::npos ? std::string() : sql_path.substr(0, slash + 1)) + "metadata.toml";
        key = "run_in_transaction";
    } else {
        return std::nullopt;
    }
    std::error_code ec;
    out.file_exists = std::filesystem::is_regular_file(out.path, ec);
    if (!out.file_exists) return out;
    out.in_transaction = setting_of(read_all(out.path), key);
    return out;
}

bool in_sqlx_project(const std::string& sql_path) {
    const auto slash = sql_path.rfind('/');
    const auto folder = slash == std::string::npos ? std::string(".") : sql_path.substr(0, slash);
    if (file_name(folder) != "migrations") return false;
    static std::mutex lock;
    static std::map<std::string, bool> known;  // folder: is a sqlx project's
    const std::lock_guard guard(lock);
    if (const auto it = known.find(folder); it != known.end()) return it->second;
    const auto cargo = (folder == "." ? std::string("..") : folder + "/..") + "/Cargo.toml";
    std::error_code ec;
    const bool sqlx = std::filesystem::is_regular_file(cargo, ec) && names_sqlx(read_all(cargo));
    known.emplace(folder, sqlx);
    return sqlx;
}

void apply_runner_switch(Migration& migration, NameLayout layout, std::uint32_t bom) {
    // sqlx: the marker decides; a file of a sqlx project without it runs in a transaction.
    if (layout == NameLayout::plain || layout == NameLayout::up_file || layout == NameLayout::down_file) {
        const auto text = std::string_view(migration.source->text()).substr(bom);
        const bool marked = text.starts_with(k_sqlx_no_transaction);
        if (!marked && !in_sqlx_project(migration.path())) return;
        // Without a transaction sqlx sends the file as one query string.
        migration.runner_after_opt_out = RunnerTransaction::single_query;
        // A migration of its own would need the marker too, which the split does not write.
        migration.takes_split_migration = false;
        migration.runner = marked ? RunnerTransaction::single_query : RunnerTransaction::per_file;
        if (!marked) {
            const auto first_eol = text.find('\n');  // the new line ends as the file's first does
            const auto eol = first_eol != std::string_view::npos && first_eol > 0 && text[first_eol - 1] == '\r' ? "\r\n" : "\n";
            migration.runner_transaction_opt_out =
                Fix{"`-- no-transaction` as the first line", {{{bom, bom}, std::string(k_sqlx_no_transaction) + eol}}};
        }
        return;
    }
    const auto runner_switch = read_runner_switch(migration.path(), layout);
    if (!runner_switch) return;
    const bool flyway = is_flyway(layout);
    // Off, Flyway runs the statements one by one; diesel sends the file as one query string.
    const auto switched_off = flyway ? RunnerTransaction::none : RunnerTransaction::single_query;
    if (flyway) {
        migration.runner_detects_outside_transaction = true;
        const auto& ops = migration.upgrade;
        if (!ops.empty() && std::all_of(ops.begin(), ops.end(), flyway_runs_outside_transaction)) {
            migration.runner = RunnerTransaction::none;
        }
    }
    if (runner_switch->in_transaction) {
        migration.runner = *runner_switch->in_transaction ? RunnerTransaction::per_file : switched_off;
        return;
    }
    // An existing file that does not set it is left to the user: the fix only writes new files.
    if (runner_switch->file_exists) return;
    const auto line = flyway ? std::string("executeInTransaction=false\n") : std::string("run_in_transaction = false\n");
    Fix opt_out;
    opt_out.description = "`" + std::string(trim_blanks(line)) + "` in a new `" + file_name(runner_switch->path) + "`";
    opt_out.new_files.push_back({runner_switch->path, line});
    migration.runner_transaction_opt_out = std::move(opt_out);
    migration.runner_after_opt_out = switched_off;
}

}  // namespace miglint::sql

#include "pair_directions.hpp"

#include "sql/sql_layout.hpp"

#include <map>
#include <string>

namespace miglint {
namespace {

bool expects_down_file(const Migration& migration) {
    const auto layout = sql::classify_sql_name(migration.path()).layout;
    return layout == sql::NameLayout::up_file || layout == sql::NameLayout::up_in_dir;
}

// A down file names its own downgrade_span as where the down direction starts.
void take_down_file(Migration& up, Migration& down) {
    up.downgrade = std::move(down.upgrade);
    down.upgrade.clear();
    up.downgrade_source = down.source;
    up.downgrade_span = {0, 0};
    // A down file that does not parse is broken, not empty: syntax-error says so.
    up.downgrade_shape = up.downgrade.empty() && down.diagnostics.empty() ? DowngradeShape::empty : DowngradeShape::present;
}

}  // namespace

std::string down_file_set(const std::string& path) {
    const auto name = sql::classify_sql_name(path);
    auto folder = sql::layout_set_folder(path, name);
    if (!folder.empty()) return folder;
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::set<std::string> sets_with_down_files(const std::vector<std::string>& paths) {
    std::set<std::string> sets;
    for (const auto& path : paths) {
        if (sql::classify_sql_name(path).is_down()) sets.insert(down_file_set(path));
    }
    return sets;
}

void pair_down_files(std::span<Migration* const> migrations, const std::set<std::string>& sets_with_down) {
    std::map<std::string, Migration*> ups;
    for (auto* m : migrations) {
        if (m->kind == FileKind::sql && !m->pair_key.empty() && !m->is_down_file) ups.emplace(m->pair_key, m);
    }
    for (auto* m : migrations) {
        if (!m->is_down_file) continue;
        const auto up = ups.find(m->pair_key);
        if (up != ups.end()) {
            take_down_file(*up->second, *m);
            ups.erase(up);
            continue;
        }
        // A down file with no up file: still a downgrade, never replayed as an upgrade.
        m->downgrade = std::move(m->upgrade);
        m->upgrade.clear();
    }
    for (auto& [key, up] : ups) {
        if (expects_down_file(*up) && sets_with_down.count(down_file_set(up->path())) > 0) {
            up->downgrade_shape = DowngradeShape::absent;
        }
    }
}

void pair_down_files(std::vector<Migration>& migrations) {
    std::vector<Migration*> pointers;
    std::vector<std::string> paths;
    pointers.reserve(migrations.size());
    for (auto& m : migrations) {
        pointers.push_back(&m);
        paths.push_back(m.path());
    }
    pair_down_files(std::span<Migration* const>(pointers), sets_with_down_files(paths));
}

}  // namespace miglint

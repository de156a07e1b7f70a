#include "core/pair_directions.hpp"

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
    up.downgrade_shape = up.downgrade.empty() ? DowngradeShape::empty : DowngradeShape::present;
}

}  // namespace

void pair_down_files(std::span<Migration* const> migrations) {
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
        if (expects_down_file(*up)) up->downgrade_shape = DowngradeShape::absent;
    }
}

void pair_down_files(std::vector<Migration>& migrations) {
    std::vector<Migration*> pointers;
    pointers.reserve(migrations.size());
    for (auto& m : migrations) pointers.push_back(&m);
    pair_down_files(std::span<Migration* const>(pointers));
}

}  // namespace miglint

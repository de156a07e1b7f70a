#include "pair_directions.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace miglint {
namespace {

bool expects_down_file(const FileLayout& layout) {
    return layout.layout == NameLayout::up_file || layout.layout == NameLayout::up_in_dir;
}

// The set a paired SQL file belongs to: the folder above a <version>/ folder, else its own folder.
std::string down_file_set(const DiscoveredFile& file) {
    if (!file.layout.set_folder.empty()) return file.layout.set_folder;
    const auto slash = file.path.rfind('/');
    return slash == std::string::npos ? std::string() : file.path.substr(0, slash);
}

// A down file names its own downgrade_span as where the down direction starts.
void take_down_file(Migration& up, Migration& down) {
    up.downgrade = std::move(down.upgrade);
    down.upgrade.clear();
    up.downgrade_source = down.source;
    up.downgrade_span = {0, 0};
    // pop may pair X.postgres.up.sql with the generic X.down.sql: name the file that is paired.
    const std::filesystem::path down_path(down.path());
    const auto name = down_path.filename().string();
    up.downgrade_place = "`" + (name == "down.sql" ? down_path.parent_path().filename().string() + "/" : "") + name + "`";
    // A down file that does not parse is broken, not empty: syntax-error says so.
    up.downgrade_shape = up.downgrade.empty() && down.diagnostics.empty() ? DowngradeShape::empty : DowngradeShape::present;
}

}  // namespace

DirectionPairs::DirectionPairs(const std::vector<DiscoveredFile>& files)
    : m_files(files), m_group_of(files.size(), k_none) {
    std::map<std::string_view, std::size_t> by_key;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& layout = files[i].layout;
        if (layout.is_down()) m_sets_with_down.insert(down_file_set(files[i]));
        if (layout.pair_key.empty()) continue;
        const auto [it, added] = by_key.emplace(layout.pair_key, m_members.size());
        if (added) m_members.emplace_back();
        m_members[it->second].push_back(i);
        m_group_of[i] = it->second;
    }
    m_joined.assign(m_members.size(), false);
}

std::span<const std::size_t> DirectionPairs::pair_of(std::size_t file) const {
    const auto group = m_group_of[file];
    if (group == k_none) return {};
    return m_members[group];
}

void DirectionPairs::join(std::size_t file, const MigrationAt& migration_at) {
    const auto group = m_group_of[file];
    if (group == k_none || m_joined[group]) return;
    m_joined[group] = true;
    // The up file of the key and the down file that goes with it: of pop's
    // variants (X.up.sql, X.postgres.up.sql, X.mysql.down.sql), the ones that run
    // on PostgreSQL, else the first. A migration whose parse dropped the pair
    // key (goose markers) is a file of its own.
    const auto first_of = [&](bool down) {
        std::size_t first = k_none;
        for (const auto member : m_members[group]) {
            const auto* m = migration_at(member);
            if (m == nullptr || m->kind != FileKind::sql || m->pair_key.empty() || m->is_down_file != down) continue;
            if (!m->not_postgres) return member;
            if (first == k_none) first = member;
        }
        return first;
    };
    const std::size_t up = first_of(false);
    const std::size_t down = up != k_none ? first_of(true) : k_none;
    if (down != k_none) take_down_file(*migration_at(up), *migration_at(down));
    for (const auto member : m_members[group]) {
        auto* m = migration_at(member);
        if (m == nullptr || !m->is_down_file || member == down) continue;
        // A down file with no up file: still a downgrade, never replayed as an upgrade.
        m->downgrade = std::move(m->upgrade);
        m->upgrade.clear();
    }
    if (up != k_none && down == k_none && expects_down_file(m_files[up].layout) && m_sets_with_down.count(down_file_set(m_files[up])) > 0) {
        migration_at(up)->downgrade_shape = DowngradeShape::absent;
    }
}

void DirectionPairs::join_all(const MigrationAt& migration_at) {
    for (std::size_t file = 0; file < m_files.size(); ++file) join(file, migration_at);
}

}  // namespace miglint

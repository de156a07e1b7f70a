#include "history_order.hpp"

#include "file_layout.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>
#include <utility>

namespace miglint {
namespace {

// Compares file names so that "2_x" sorts before "10_x".
bool natural_less(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const auto ca = static_cast<unsigned char>(a[i]);
        const auto cb = static_cast<unsigned char>(b[j]);
        if (std::isdigit(ca) && std::isdigit(cb)) {
            std::size_t ei = i;
            std::size_t ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
            auto na = a.substr(i, ei - i);
            auto nb = b.substr(j, ej - j);
            while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
            while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ei;
            j = ej;
            continue;
        }
        if (ca != cb) return ca < cb;
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

// Kahn's algorithm over down_revision edges, on the revisions at `indices` of
// `entries`; a revision whose parents are not in the set is a root. Cycles
// leave files behind: they go last, by path. Returns the indices in order.
std::vector<std::size_t> order_revisions(const std::vector<HistoryEntry>& entries,
                                         const std::vector<std::size_t>& indices) {
    const auto revision = [&](std::size_t i) -> const HistoryEntry& { return entries[indices[i]]; };
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < indices.size(); ++i) by_id.emplace(revision(i).revision->revision, i);
    std::vector<std::size_t> pending(indices.size(), 0);
    std::vector<std::vector<std::size_t>> children(indices.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
        for (const auto& parent : revision(i).revision->down_revisions) {
            const auto it = by_id.find(parent);
            if (it == by_id.end() || it->second == i) continue;
            ++pending[i];
            children[it->second].push_back(i);
        }
    }
    std::set<std::pair<std::string_view, std::size_t>> ready;  // by path, for determinism
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (pending[i] == 0) ready.emplace(revision(i).path, i);
    }
    std::vector<std::size_t> order;
    std::vector<bool> placed(indices.size(), false);
    while (!ready.empty()) {
        const auto [path, i] = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(indices[i]);
        placed[i] = true;
        for (const auto child : children[i]) {
            if (--pending[child] == 0) ready.emplace(revision(child).path, child);
        }
    }
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (!placed[i]) order.push_back(indices[i]);
    }
    return order;
}

// Where a SQL file sorts in its set: Flyway's repeatable R__ files after every
// versioned one, <version>/up.sql by its folder, the rest by file name.
std::pair<int, std::string> sql_order_key(std::string_view path, const FileLayout& layout) {
    if (layout.is_in_version_folder()) return {0, layout.version};
    const auto file_name = path.substr(path.rfind('/') + 1);  // the whole path when it has no folder
    return {layout.layout == NameLayout::flyway_repeatable ? 1 : 0, std::string(file_name)};
}

// The SQL files at `indices` of `entries` in natural name order; files of equal keys keep their order.
std::vector<std::size_t> order_sql(const std::vector<HistoryEntry>& entries, const std::vector<std::size_t>& indices) {
    // Keys once per file, not once per comparison: a long history sorts thousands.
    std::vector<std::pair<int, std::string>> keys;
    keys.reserve(indices.size());
    for (const auto i : indices) keys.push_back(sql_order_key(entries[i].path, *entries[i].layout));
    std::vector<std::size_t> order(indices.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (keys[a].first != keys[b].first) return keys[a].first < keys[b].first;
        return natural_less(keys[a].second, keys[b].second);
    });
    for (auto& position : order) position = indices[position];
    return order;
}

// The file's folder, as fs::path::parent_path gives it, without splitting the
// path into parts: this runs for every migration, twice.
std::string folder_of(std::string_view path) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

}  // namespace

std::vector<std::size_t> history_order(const std::vector<HistoryEntry>& entries) {
    struct Group {
        std::vector<std::size_t> sql;
        std::vector<std::size_t> revisions;
    };
    std::map<std::string_view, Group> by_group;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto& group = by_group[entries[i].group];
        (entries[i].revision != nullptr ? group.revisions : group.sql).push_back(i);
    }
    std::vector<std::size_t> order;
    order.reserve(entries.size());
    for (const auto& [name, group] : by_group) {
        for (const auto i : order_sql(entries, group.sql)) order.push_back(i);
        for (const auto i : order_revisions(entries, group.revisions)) order.push_back(i);
    }
    return order;
}

std::string replay_group(const Migration& migration) {
    if (!migration.group.empty()) return migration.group;
    return folder_of(migration.path());
}

std::string replay_group(std::string_view path, const FileLayout& layout) {
    return layout.set_folder.empty() ? folder_of(path) : layout.set_folder;
}

void order_migrations(std::vector<Migration>& migrations) {
    std::vector<FileLayout> layouts;
    layouts.reserve(migrations.size());
    for (const auto& m : migrations) layouts.push_back(classify_layout(m.path()));
    std::vector<HistoryEntry> entries;
    entries.reserve(migrations.size());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        const auto& m = migrations[i];
        entries.push_back({m.path(), &layouts[i], replay_group(m),
                           m.kind == FileKind::alembic_revision ? &m.revision : nullptr});
    }
    std::vector<Migration> ordered;
    ordered.reserve(migrations.size());
    for (const auto i : history_order(entries)) ordered.push_back(std::move(migrations[i]));
    migrations = std::move(ordered);
}

}  // namespace miglint

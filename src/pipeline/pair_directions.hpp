// Joining the up and down files of SQL layouts that keep each direction in a
// file of its own (x.up.sql / x.down.sql, <version>/up.sql / down.sql,
// Flyway's V1__ / U1__), so a down file is a downgrade and never an upgrade.
#pragma once

#include "discover.hpp"

#include <miglint/migration.hpp>

#include <cstddef>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace miglint {

// The discovered files that pair by name (their layouts' pair key), found
// before any is parsed. A pair is joined once, when every file of it is
// parsed: the up file gets its down file's operations as `downgrade` (with
// `downgrade_source` pointing at the down file) and its downgrade shape.
// Down files stay in the history, so their syntax errors and suppressions
// stay theirs, but keep no operations. An up file whose layout expects a down
// file (golang-migrate, diesel) and has none gets `DowngradeShape::absent`,
// but only in a set that has down files at all (by name, read or not): a
// project that writes none (pop with only .up.sql files) has chosen so, and
// is not told so once per file. Flyway's undo files are optional, so a V file
// without one is left alone.
class DirectionPairs {
public:
    // File i's parse, or null when it has none (not read, not a migration).
    using MigrationAt = std::function<Migration*(std::size_t)>;

    explicit DirectionPairs(const std::vector<DiscoveredFile>& files);

    // The files (indices into the discovered list) of the pair `file` belongs
    // to, in discovered order; empty when it pairs with none.
    [[nodiscard]] std::span<const std::size_t> pair_of(std::size_t file) const;

    // Joins the pair of `file` the first time one of its files asks; later calls do nothing.
    void join(std::size_t file, const MigrationAt& migration_at);
    // Joins every pair.
    void join_all(const MigrationAt& migration_at);

private:
    static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
    const std::vector<DiscoveredFile>& m_files;
    std::vector<std::size_t> m_group_of;
    std::vector<std::vector<std::size_t>> m_members;
    std::set<std::string> m_sets_with_down;  // a set without any down file writes none by choice
    std::vector<bool> m_joined;
};

}  // namespace miglint

// Putting a history in run order: the one ordering every lint uses, whether
// it orders files before parsing them (an all-SQL set) or after.
#pragma once

#include <miglint/file_layout.hpp>
#include <miglint/migration.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// What ordering reads of one file.
struct HistoryEntry {
    std::string_view path;
    const FileLayout* layout = nullptr;       // as discovery read it
    std::string group;                        // the replay group (replay_group)
    const RevisionInfo* revision = nullptr;   // an Alembic revision's ids; null for a SQL file
};

// The run order of `entries`, as indices into it: per replay group (in group
// order), SQL files by natural name order (Flyway's repeatable R__ files after
// every versioned one, <version>/up.sql by its folder), then Alembic
// revisions by their down_revision graph (ties and unconnected files by path).
std::vector<std::size_t> history_order(const std::vector<HistoryEntry>& entries);

// The group a migration replays in: `migration.group` when set (an Alembic
// project, a set of version folders), else the file's directory.
std::string replay_group(const Migration& migration);
// The group a SQL file at `path` replays in, from its name alone: what
// replay_group gives once it is parsed.
std::string replay_group(std::string_view path, const FileLayout& layout);

// Orders parsed migrations for replay (history_order), reading each file's
// layout from its path: for callers that did not discover the files (tests, benchmarks).
void order_migrations(std::vector<Migration>& migrations);

}  // namespace miglint

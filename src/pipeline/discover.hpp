// Finding migration files under the paths given, and putting them in run order.
#pragma once

#include <miglint/migration.hpp>
#include <miglint/result.hpp>

#include <string>
#include <vector>

namespace miglint {

struct DiscoveredFiles {
    std::vector<std::string> files;  // .sql and .py files, sorted by path
    std::vector<Error> errors;       // paths that do not exist or cannot be listed
    // alembic.ini files that configure what is linted: found in the walked
    // directories, or the nearest one above a linted path (absolute, sorted).
    std::vector<std::string> alembic_inis;
};

// Walks `paths`: files are taken as given (any extension), directories are
// walked recursively for *.sql and *.py, skipping hidden and cache folders.
// A directory that holds no such file is an error naming it.
// Directory symlinks are not followed, so a symlink loop cannot trap the walk;
// a directory that cannot be listed is an error, and the walk goes on.
DiscoveredFiles discover(const std::vector<std::string>& paths);

// The group a migration replays in: `migration.group` when set (an Alembic
// project), else the file's directory.
std::string replay_group(const Migration& migration);

// Reads a regular file whole, refusing more than `max_bytes`. A FIFO, socket
// or device is an error, found without blocking on it.
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes);

// Compares file names so that "2_x" sorts before "10_x".
bool natural_less(std::string_view a, std::string_view b);

// Orders migrations for replay: per replay group, Alembic revisions by their
// down_revision graph (ties and unconnected files by path), SQL files by
// natural name order.
void order_migrations(std::vector<Migration>& migrations);

// The order order_migrations gives SQL files, from their paths alone (an SQL
// file's set and place follow from its name): indices into `paths`.
std::vector<std::size_t> sql_history_order(const std::vector<std::string>& paths);

}  // namespace miglint

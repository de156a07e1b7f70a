// Finding migration files under the paths given, each with its layout read once.
#pragma once

#include <miglint/file_layout.hpp>
#include <miglint/migration.hpp>
#include <miglint/result.hpp>

#include <string>
#include <vector>

namespace miglint {

// A file to lint, and what its path says about it (classify_layout), read once here
// and handed to every later stage: front end, pairing, ordering.
struct DiscoveredFile {
    std::string path;
    FileLayout layout;
};

struct DiscoveredFiles {
    std::vector<DiscoveredFile> files;  // .sql and .py files, sorted by path
    std::vector<Error> errors;       // paths that do not exist or cannot be listed
    // alembic.ini files that configure what is linted: found in the walked
    // directories, or the nearest one above a linted path (absolute, sorted).
    std::vector<std::string> alembic_inis;
    // What discovery decided about files it keeps, for verbose output.
    std::vector<std::string> notes;
};

// Walks `paths`: files are taken as given (any extension), directories are
// walked recursively for *.sql and *.py, skipping hidden and cache folders.
// A directory that holds no such file is an error naming it.
// Directory symlinks are not followed, so a symlink loop cannot trap the walk;
// a directory that cannot be listed is an error, and the walk goes on.
DiscoveredFiles discover(const std::vector<std::string>& paths);

// Reads a regular file whole, refusing more than `max_bytes`. A FIFO, socket
// or device is an error, found without blocking on it.
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes);

}  // namespace miglint

// One discovered file on its way through the pipeline (read, parse, settle
// which database it is for), and the lint run every stage reads.
#pragma once

#include "lint.hpp"

#include "alembic_projects.hpp"
#include "discover.hpp"
#include "pair_directions.hpp"
#include "suppressions.hpp"

#include <miglint/migration.hpp>
#include <miglint/parse_cache.hpp>
#include <miglint/result.hpp>
#include <miglint/settings.hpp>

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace miglint {

struct LintFile {
    std::optional<Migration> migration;             // empty: not read, or no migration (a plain .py file)
    std::optional<Error> error;                     // it could not be read or parsed
    const alembic::AlembicProject* project = nullptr;  // the Alembic project that owns it, if any
    std::map<std::string, std::string> decisions;   // which database it is for and what said so, by folder
    std::unique_ptr<ParseCache::Entry> fresh;       // a parse to store in the cache (a pointer: most lints have no cache)
    // Checking while parsing: the file's parser, and what it read on that thread.
    const SourceText* source = nullptr;
    std::vector<Suppression> suppressions;
    unsigned parser = 0;
    std::atomic<bool> ready{false};  // parsed; its parser no longer touches it
};

// One lint of the files `discovered` found: what every stage reads. `files`
// and `pairs` are indexed as `discovered.files`.
struct LintRun {
    const DiscoveredFiles& discovered;
    std::vector<LintFile>& files;
    DirectionPairs& pairs;
    AlembicEnvironments& environments;  // read only for Alembic revisions
    const Settings& settings;
    const SourceOverlay& overlay;
    ParseCache* cache;  // null: parse every file

    // File i's parse, or null when it has none.
    Migration* migration_at(std::size_t i) const { return files[i].migration ? &*files[i].migration : nullptr; }
};

// Reads file `i` and parses it with the front end its path calls for (a
// copy of the cache's parse when its text is unchanged); a file that cannot
// be read is its error. Throws what the front end throws: callers guard
// (run_guarded) and hand a failure to fail_file.
void read_and_parse(const LintRun& run, std::size_t i);

// File `i` as one whose read or parse threw `failure`: no migration.
void fail_file(const LintRun& run, std::size_t i, Error failure);

// Settles what file `i`'s migration runs on: an Alembic revision's project
// (its replay group) and env.py, and which database it is written for
// (mark_other_database, apply_environment), with the decisions in its `decisions`.
void settle_database(const LintRun& run, std::size_t i);

}  // namespace miglint

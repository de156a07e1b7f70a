// What a lint gives back: findings, errors and counts, which the reporters render.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/result.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace miglint {

struct LintOutput {
    std::vector<Finding> findings;   // sorted; suppressed ones marked, not removed
    std::vector<Error> errors;       // files that could not be read, bad paths
    std::vector<std::string> notes;  // verbose-mode notes (skipped files)
    // Config that had no effect (a per-file-ignores glob that matches no file): always shown.
    std::vector<std::string> warnings;
    std::size_t files_linted = 0;
    // Files read and replayed only as context for a scoped run (--diff-base,
    // start-after, files named alone): not judged, not in files_linted.
    std::size_t files_for_context = 0;
    // Files written for another database, checked for the revision graph
    // only, counted by what they are ("SQLite revision", "non-PostgreSQL file").
    std::map<std::string, std::size_t> graph_only;
    // What the lint built and no longer reads (the history's schemas), freed
    // with the output rather than before the report: a process that exits
    // once it has reported can leave that to the operating system.
    std::shared_ptr<const void> spent;
};

}  // namespace miglint

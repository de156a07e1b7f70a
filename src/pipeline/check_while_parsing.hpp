// Checking while parsing: the schedule for a history whose order follows from
// its paths alone (every file's front end orders by name). Files are parsed
// in history order by every thread, and each migration is checked as soon as
// it and every file before it (and its pair) are parsed, its operations then
// freed at once: one pass over the history, no file's operations held for the
// whole lint, and checking overlaps parsing on every thread. Parsing runs
// ahead of checking by a bounded window (StreamedHistory::k_window files).
#pragma once

#include "lint_file.hpp"

#include <miglint/lint_output.hpp>
#include <miglint/rule.hpp>

#include <cstddef>
#include <vector>

namespace miglint {

// Reads, parses, settles and checks every file of `run` in the history
// `order` (indices into its files), then finishes the findings, with the
// resolved `rules`. Errors and notes of the files stay in them for the caller.
LintOutput check_while_parsing(const LintRun& run, const std::vector<std::size_t>& order,
                               const std::vector<const Rule*>& rules);

}  // namespace miglint

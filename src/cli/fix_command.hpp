// `--fix` and `--diff`: apply the findings' fixes to the files, or print them as a diff.
#pragma once

#include "pipeline/lint.hpp"

#include <functional>
#include <optional>
#include <ostream>

namespace miglint::cli {

struct FixRequest {
    bool write = true;            // --fix; false: --diff prints and writes nothing
    bool include_unsafe = false;  // --unsafe-fixes
};

struct FixOutcome {
    std::size_t files_changed = 0;  // written (--fix) or shown (--diff)
    std::size_t files_created = 0;  // new files: a runner's switch file, a migration of its own
    std::size_t fixes_applied = 0;
    bool failed = false;            // a file could not be written, or its fixed text would not parse
    // The lint of the fixed texts, when --fix wrote every one of them: what the
    // files now hold, so reporting what is left needs no third lint.
    std::optional<LintOutput> after;
};

// Lints the same files again, reading the texts in the overlay instead of disk.
using Relint = std::function<LintOutput(const SourceOverlay&)>;

// Plans the fixes of `output`, drops every file whose fixed text gains a
// syntax error when linted again (`relint`), then writes the rest atomically
// (--fix) or prints their unified diff to `out` (--diff). What was fixed,
// skipped or refused goes to `err`, one line each.
FixOutcome run_fixes(const LintOutput& output, const Relint& relint, FixRequest request, std::ostream& out, std::ostream& err);

}  // namespace miglint::cli

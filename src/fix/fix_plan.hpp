// Which of a lint's fixes `--fix` applies, and the text each file becomes.
#pragma once

#include <miglint/lint_output.hpp>

#include <memory>
#include <string>
#include <vector>

namespace miglint::fix {

struct FixedFile {
    std::shared_ptr<const SourceText> source;  // the text as linted
    std::string fixed;                         // the text with the chosen fixes applied
    std::vector<const Finding*> applied;       // the findings whose fixes it holds, in file order
};

// A file the chosen fixes create (a runner's switch file, a migration of its own).
struct CreatedFile {
    NewFile file;
    const Finding* finding;  // the fix it belongs to
};

struct FixPlan {
    std::vector<FixedFile> files;      // files with a chosen fix (`fixed` equals the text when it only creates files)
    std::vector<CreatedFile> created;  // in the order the fixes were chosen
    std::vector<std::string> skipped;  // "path:line:col: rule: fix not applied: why", one per fix left out
    std::size_t unsafe_withheld = 0;   // unsafe fixes left out because --unsafe-fixes was not given
};

// The fixes of `output`'s findings that can be applied together: not
// suppressed, in the run's scope, safe unless `include_unsafe`, in a file
// without a syntax error, not overlapping a fix chosen before it (in report
// order), and not creating a file that exists. Identical edits offered by
// several fixes (one opt-out line for two statements) are applied once;
// whole lines inserted at one line start by several fixes (the two timeout
// SETs) go in the order the fixes were chosen. A migration of its own
// (Fix::split) is named here, after the ones chosen before it.
FixPlan plan_fixes(const LintOutput& output, bool include_unsafe);

// `text` with `edits` applied; the edits must not overlap. Insertions at
// one place go in the order given.
std::string apply_edits(const std::string& text, std::vector<Edit> edits);

}  // namespace miglint::fix

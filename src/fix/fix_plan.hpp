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

struct FixPlan {
    std::vector<FixedFile> files;      // only files the fixes change
    std::vector<std::string> skipped;  // "path:line:col: rule: fix not applied: why", one per fix left out
    std::size_t unsafe_withheld = 0;   // unsafe fixes left out because --unsafe-fixes was not given
};

// The fixes of `output`'s findings that can be applied together: not
// suppressed, in the run's scope, safe unless `include_unsafe`, in a file
// without a syntax error, and not overlapping a fix chosen before it (in
// report order). Identical edits offered by several fixes (one opt-out line
// for two statements) are applied once.
FixPlan plan_fixes(const LintOutput& output, bool include_unsafe);

// `text` with `edits` applied; the edits must not overlap.
std::string apply_edits(const std::string& text, std::vector<Edit> edits);

}  // namespace miglint::fix

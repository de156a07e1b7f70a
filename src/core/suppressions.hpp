// Inline suppressions: `-- miglint: ignore rule-a, rule-b` (SQL) and
// `# miglint: ignore[rule-a]` (Python), on the finding's line or the line
// before; `ignore-file` forms apply to the whole file. Without rule ids a
// directive covers every rule.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/source.hpp>

#include <set>
#include <string>
#include <vector>

namespace miglint {

struct Suppression {
    std::uint32_t line = 0;          // the directive's line
    bool whole_file = false;
    std::set<std::string> rules;     // empty: every rule
    Span span;                       // the directive text, for unused-suppression
};

// The directives in `source`'s comments.
std::vector<Suppression> find_suppressions(const SourceText& source);

// Marks findings of one file covered by a directive as suppressed; returns,
// per directive, whether it suppressed anything.
std::vector<bool> apply_suppressions(const std::vector<Suppression>& directives, std::vector<Finding*>& findings);

}  // namespace miglint

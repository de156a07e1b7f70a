// Inline suppressions: `-- miglint: ignore rule-a, rule-b` (SQL) and
// `# miglint: ignore[rule-a]` (Python), on the finding's line or the line
// before; `ignore-file` forms apply to the whole file. Without rule ids a
// directive covers every rule.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/rule.hpp>
#include <miglint/source.hpp>

#include <memory>
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
// per directive, the ids of the rules whose findings it suppressed.
std::vector<std::set<std::string>> apply_suppressions(const std::vector<Suppression>& directives,
                                                      std::vector<Finding*>& findings);

// The `unused-suppression` findings for `source`'s `directives`, given what
// each suppressed (`used`, from apply_suppressions) and the ids of the rules
// that ran (`ran`): a directive is judged only for rules that ran, so
// `--select` never makes a directive look unused; an unknown id is always
// reported. `rule` and `severity` are unused-suppression's own.
std::vector<Finding> unused_suppressions(const std::shared_ptr<const SourceText>& source,
                                         const std::vector<Suppression>& directives,
                                         const std::vector<std::set<std::string>>& used,
                                         const std::set<std::string>& ran, const Rule& rule, Severity severity);

}  // namespace miglint

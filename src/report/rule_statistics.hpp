// The count of findings per rule: the table that ends the text report (and
// that `--statistics` prints alone) and heads the Markdown report.
#pragma once

#include <miglint/finding.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace miglint::report {

struct RuleCount {
    std::string_view rule;  // the id, viewed in one of the counted findings
    Severity severity = Severity::warning;
    std::size_t count = 0;
};

// One row per rule and severity among `findings` (a rule can report both, as
// a lock on a large table is raised to an error), most findings first, then
// by rule id, then most severe first; empty for no findings.
std::vector<RuleCount> rule_statistics(const std::vector<const Finding*>& findings);

}  // namespace miglint::report

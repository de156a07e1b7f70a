// The stages of a lint that follow the history check: the set-level rules,
// then per-path ignores and suppressions. Shared by both schedules of the
// pipeline (check_in_runs.cpp, check_while_parsing.cpp).
#pragma once

#include <miglint/finding.hpp>
#include "lint.hpp"
#include <miglint/migration.hpp>
#include <miglint/rule.hpp>
#include <miglint/settings.hpp>

#include "history_pass.hpp"
#include "suppressions.hpp"

#include <optional>
#include <unordered_map>
#include <vector>

namespace miglint {

// Runs the set-level rules, one replay group (directory or Alembic project) at a time.
void check_sets(const RuleSet& rules, const std::vector<const Migration*>& ordered, std::vector<Finding>& findings);

// The suppression directives of files whose comments were read earlier, by file.
using FoundSuppressions = std::unordered_map<const SourceText*, std::vector<Suppression>>;

// The longest message and help text a finding keeps (cut with "..."): a
// message may quote the file, and a 10 MB token quoted gave 40 MB of report.
constexpr std::size_t k_max_message_bytes = 1024;
constexpr std::size_t k_max_help_bytes = 8192;

// Drops the findings of `output` the config ignores for their path (a glob
// that matches no file is a warning), applies severity overrides, bounds the
// messages, sorts the rest, marks the suppressed ones and adds the unused-suppression
// findings of `migrations`' files, then keeps those the run's scope reports
// (core/report_scope.hpp). Directives are read from each file, unless
// `already_read` has them. An error when the scope's start-after names nothing.
void finish_findings(LintOutput& output, const std::vector<Migration>& migrations, const Settings& settings,
                     const std::vector<const Rule*>& ran, const FoundSuppressions* already_read = nullptr);

}  // namespace miglint

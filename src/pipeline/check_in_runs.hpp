// Checking a parsed history in runs, one per thread: each run replays the
// migrations before it (without rules) and checks its own.
#pragma once

#include "history_pass.hpp"

#include <miglint/finding.hpp>
#include <miglint/migration.hpp>
#include <miglint/schema.hpp>

#include <memory>
#include <vector>

namespace miglint {

struct CheckedHistory {
    std::vector<Finding> findings;
    std::shared_ptr<const std::vector<SchemaState>> schemas;  // each run's, at its end
};

// Runs every rule over the `ordered` history, one run per thread (up to
// `jobs`), then the set-level rules. The schema a rule sees depends only on
// the migrations before it, and findings are joined in run order, the order
// one thread would have produced, so output does not depend on the thread
// count. Each migration's operations are freed once no run reads them again.
CheckedHistory check_in_runs(const RuleSet& rules, std::vector<Migration>& ordered, unsigned jobs);

}  // namespace miglint

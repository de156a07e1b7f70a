// Linting an all-SQL set while it is parsed. An SQL file's place in the
// history follows from its path alone, so each migration is checked as soon as
// it and every file before it are parsed, and its operations are freed at
// once: one pass over the history, no file's operations held for the whole
// lint, and checking overlaps parsing on every thread.
#pragma once

#include "lint.hpp"

#include "alembic/alembic_ini.hpp"
#include "discover.hpp"

#include <optional>
#include <string>
#include <vector>

namespace miglint {

// The lint of `discovered` (whose files `projects` may own), with `notes`
// from loading those projects first, exactly as the lint of a parsed history
// gives it; or nothing when the set holds a Python file (an Alembic history's
// order needs its revisions parsed) or the settings' rules do not resolve.
std::optional<LintOutput> lint_sql_streamed(const DiscoveredFiles& discovered,
                                            const std::vector<alembic::AlembicProject>& projects,
                                            std::vector<std::string> notes, const Settings& settings,
                                            const SourceOverlay& overlay);

}  // namespace miglint

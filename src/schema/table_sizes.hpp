// Merging the sources of table sizes into the settings a lint run uses.
#pragma once

#include <miglint/result.hpp>
#include <miglint/settings.hpp>

#include <vector>

namespace miglint {

// Fills `settings.table_rows` from `table_stats_path`, then `database_url`, so
// the live numbers win where both name a table. A source that fails is added
// to `errors` and the others still count.
void read_table_sizes(Settings& settings, std::vector<Error>& errors);

}  // namespace miglint

// Merging the sources of table sizes into the settings a lint run uses.
#pragma once

#include <miglint/result.hpp>
#include <miglint/settings.hpp>

#include <optional>
#include <vector>

namespace miglint {

// Fills `settings.table_rows` from `table_stats_path`, then `database_url`, so
// the live numbers win where both name a table. A source that fails is added
// to `errors` and the others still count. With no pg-version configured, the
// database's own version becomes `settings.pg_version` (use_server_version).
void read_table_sizes(Settings& settings, std::vector<Error>& errors);

// Takes `server` as the version to check against when none is configured,
// brought into the range miglint knows (a 19 is checked as 18, a 9.6 as 10).
void use_server_version(Settings& settings, std::optional<PgVersion> server);

}  // namespace miglint

// Reading table sizes from a live PostgreSQL database, read-only.
#pragma once

#include "schema/table_stats.hpp"

#include <miglint/result.hpp>

#include <string>

namespace miglint {

// Connects to `url` (a libpq connection string or postgresql:// URL) with a
// 5-second connect timeout, in a read-only session with a statement timeout,
// and reads every ordinary, partitioned and materialized table's estimated
// rows from pg_class (reltuples; pg_stat_user_tables.n_live_tup for a table
// never analyzed). Errors never repeat the URL, which may hold a password.
Result<TableRows> read_database_stats(const std::string& url);

}  // namespace miglint

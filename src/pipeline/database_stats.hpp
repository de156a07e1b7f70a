// Reading table sizes from a live PostgreSQL database, read-only.
#pragma once

#include "table_stats.hpp"

#include <miglint/pg_version.hpp>
#include <miglint/result.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace miglint {

// How long a database may take, and how much it may answer. libpq's own
// timeouts are not enough: `connect_timeout` is per host of a multi-host URL,
// and `statement_timeout` is the server's to honour, so a server that stalls
// (or lies) would hang the run; these are checked on miglint's side.
struct DatabaseLimits {
    std::chrono::milliseconds connect{5000};  // to connect and authenticate, every host included
    std::chrono::milliseconds read{10000};    // from sending the query to its last row
    std::size_t max_rows = 1'000'000;         // tables; more is no database this reads sizes of
};

// Connects to `url` (a libpq connection string or postgresql:// URL) within
// `limits.connect`, in a read-only session with a statement timeout, and
// reads every ordinary, partitioned and materialized table's estimated rows
// from pg_class (reltuples; pg_stat_user_tables.n_live_tup for a table never
// analyzed), row by row, within `limits.read` and `limits.max_rows`. Errors
// never repeat the URL, and libpq's messages are shown with every password
// in them hidden (see redact_credentials): a URL that does not parse is
// quoted by libpq's message.
// `server_version`, when given, receives the server's version once connected
// (its server_version_num), which miglint uses when no pg-version is configured.
Result<TableRows> read_database_stats(const std::string& url, const DatabaseLimits& limits = {},
                                      std::optional<PgVersion>* server_version = nullptr);

}  // namespace miglint

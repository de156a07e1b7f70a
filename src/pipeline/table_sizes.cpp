#include "table_sizes.hpp"

#include "database_stats.hpp"
#include "table_stats.hpp"

#include <algorithm>

namespace miglint {

void read_table_sizes(Settings& settings, std::vector<Error>& errors) {
    const auto merge = [&](Result<TableRows> rows) {
        if (!rows) {
            errors.push_back(rows.error());
            return;
        }
        for (auto& [table, count] : *rows) settings.table_rows[table] = count;
    };
    if (!settings.table_stats_path.empty()) merge(read_table_stats(settings.table_stats_path));
    if (!settings.database_url.empty()) {
        std::optional<PgVersion> server;
        merge(read_database_stats(settings.database_url, {}, &server));
        use_server_version(settings, server);
    }
}

void use_server_version(Settings& settings, std::optional<PgVersion> server) {
    if (!server || settings.pg_version_from != PgVersionFrom::default_version) return;
    settings.pg_version = std::clamp(*server, k_oldest_pg_version, PgVersion{k_newest_pg_version.major, 999});
    settings.pg_version_from = PgVersionFrom::database;
}

}  // namespace miglint

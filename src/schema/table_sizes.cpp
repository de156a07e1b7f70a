#include "schema/table_sizes.hpp"

#include "schema/database_stats.hpp"
#include "schema/table_stats.hpp"

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
    if (!settings.database_url.empty()) merge(read_database_stats(settings.database_url));
}

}  // namespace miglint

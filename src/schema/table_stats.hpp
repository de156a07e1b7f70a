// Table sizes from production: a statistics file, or a live database, so lock
// rules know which tables are large.
#pragma once

#include <miglint/result.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace miglint {

// Estimated rows per table, keyed as SchemaState::key spells names ("users",
// "app.events").
using TableRows = std::map<std::string, std::uint64_t>;

// Parses the JSON that docs/table-stats.md's query prints: an array of
// objects with "table", "rows" and optionally "schema" (other keys, such as
// "bytes", are ignored). `path` names the file in errors, which carry the
// line and column of the problem.
Result<TableRows> parse_table_stats(std::string_view json, const std::string& path);

// Reads and parses the statistics file at `path`.
Result<TableRows> read_table_stats(const std::string& path);

}  // namespace miglint

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

// The largest statistics file read: about 400,000 tables in the format above.
constexpr std::uint64_t k_max_table_stats_bytes = 64ULL * 1024 * 1024;

// Reads and parses the statistics file at `path`: a regular file of at most
// k_max_table_stats_bytes (a FIFO, a device or a larger file is an error,
// found without reading it). No error quotes the file's content.
Result<TableRows> read_table_stats(const std::string& path);

}  // namespace miglint

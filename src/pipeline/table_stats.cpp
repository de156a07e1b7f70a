#include "table_stats.hpp"

#include "discover.hpp"

#include <miglint/schema.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace miglint {
namespace {

// nlohmann reports a byte offset; files are small, so the line is counted here.
Position position_of(std::string_view text, std::size_t byte) {
    Position where{1, 1};
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++where.line;
            where.column = 1;
        } else {
            ++where.column;
        }
    }
    return where;
}

}  // namespace

Result<TableRows> parse_table_stats(std::string_view json, const std::string& path) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(json.begin(), json.end());
    } catch (const nlohmann::json::parse_error& e) {
        // Not e.what(): it quotes the text last read, and the file may be anything (a key, /etc/shadow).
        return Error{"table statistics are not valid JSON", path, position_of(json, e.byte)};
    }
    const std::string expected = "expected a JSON array of {\"schema\": ..., \"table\": ..., \"rows\": ...} objects";
    // psql's json_agg prints null for an empty database.
    if (document.is_null()) return TableRows{};
    if (!document.is_array()) return Error{expected, path, std::nullopt};
    TableRows rows;
    for (std::size_t i = 0; i < document.size(); ++i) {
        const auto& entry = document[i];
        const auto where = "entry " + std::to_string(i + 1) + ": ";
        if (!entry.is_object()) return Error{where + expected, path, std::nullopt};
        const auto table = entry.find("table");
        const auto count = entry.find("rows");
        if (table == entry.end() || !table->is_string() || table->get<std::string>().empty()) {
            return Error{where + "\"table\" must be a non-empty string", path, std::nullopt};
        }
        // reltuples is -1 for a table never analyzed; such a size is unknown.
        if (count == entry.end() || !count->is_number()) return Error{where + "\"rows\" must be a number", path, std::nullopt};
        if (count->get<double>() < 0) continue;
        const auto schema = entry.find("schema");
        const std::string schema_name = schema != entry.end() && schema->is_string() ? schema->get<std::string>() : "";
        rows[SchemaState::key({schema_name, table->get<std::string>()})] = static_cast<std::uint64_t>(count->get<double>());
    }
    return rows;
}

Result<TableRows> read_table_stats(const std::string& path) {
    // read_file reads regular files only (a FIFO would block, /dev/zero never end) and checks the size on the open
    // file.
    auto text = read_file(path, k_max_table_stats_bytes);
    if (!text) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > k_max_table_stats_bytes) {
            return Error{"table statistics file is " + std::to_string(size) + " bytes, over the limit of " +
                             std::to_string(k_max_table_stats_bytes) + " bytes: not read",
                         path, std::nullopt};
        }
        auto why = text.error().message;
        if (constexpr std::string_view k_prefix = "cannot read file: "; why.starts_with(k_prefix))
            why.erase(0, k_prefix.size());
        return Error{"cannot read table statistics file: " + why, path, std::nullopt};
    }
    return parse_table_stats(*text, path);
}

}  // namespace miglint

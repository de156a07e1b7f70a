#include <miglint/sql_names.hpp>

#include <algorithm>
#include <cctype>
#include <array>

namespace miglint {
namespace {

// Generated from libpg_query's own keyword table, in its (sorted) order.
constexpr std::array k_quoted_keywords = {
#include "sql_keywords.inc"
};

bool is_plain_name_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool is_quoted_keyword(std::string_view word) {
    return std::binary_search(k_quoted_keywords.begin(), k_quoted_keywords.end(), word,
                              [](std::string_view a, std::string_view b) { return a < b; });
}

std::string quote_ident(std::string_view name) {
    const bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_') &&
                       std::all_of(name.begin(), name.end(), is_plain_name_byte) && !is_quoted_keyword(name);
    if (plain) return std::string(name);
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string quote_qualified(const QualifiedName& name) {
    return name.schema.empty() ? quote_ident(name.name) : quote_ident(name.schema) + "." + quote_ident(name.name);
}

namespace {

// The first `bytes` bytes of `text`, shortened to end on a UTF-8 character boundary (pg_mbcliplen).
std::size_t clip_length(std::string_view text, std::size_t bytes) {
    if (bytes >= text.size()) return text.size();
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
    return bytes;
}

}  // namespace

std::string generated_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
    const std::size_t overhead = (label.empty() ? 0 : label.size() + 1) + (name2.empty() ? 0 : 1);
    const std::size_t available = k_max_identifier_bytes - overhead;
    std::size_t length1 = name1.size();
    std::size_t length2 = name2.size();
    while (length1 + length2 > available) {
        if (length1 > length2) {
            --length1;
        } else {
            --length2;
        }
    }
    std::string out(name1.substr(0, clip_length(name1, length1)));
    if (!name2.empty()) out += "_" + std::string(name2.substr(0, clip_length(name2, length2)));
    if (!label.empty()) out += "_" + std::string(label);
    return out;
}

std::string generated_name_addition(const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& column : columns) {
        if (!out.empty()) out += '_';
        out += column.substr(0, k_max_identifier_bytes);
        if (out.size() > k_max_identifier_bytes) break;
    }
    return out;
}

namespace {

// The function a call written as SQL text names, lower-cased as PostgreSQL
// folds it ("LOWER(email)" → "lower"); "" for any other expression.
std::string called_function(std::string_view sql) {
    std::size_t end = 0;
    while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) != 0 || sql[end] == '_')) ++end;
    auto open = end;
    while (open < sql.size() && std::isspace(static_cast<unsigned char>(sql[open])) != 0) ++open;
    if (end == 0 || open == sql.size() || sql[open] != '(') return {};
    std::string name(sql.substr(0, end));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

}  // namespace

std::string index_column_name(const IndexKey& key) {
    if (!key.column.empty()) return key.column;
    if (!key.figured_name.empty()) return key.figured_name;
    // Alembic's sa.text() keys carry no parse tree: a call is still named by its function.
    const auto function = called_function(key.expression);
    return function.empty() ? std::string("expr") : function;
}

std::vector<std::string> index_column_names(const CreateIndex& index) {
    std::vector<std::string> names;
    if (index.keys.empty()) return index.columns;  // lowered from column names alone
    for (const auto& key : index.keys) names.push_back(index_column_name(key));
    return names;
}

std::string generated_index_name(const CreateIndex& index, int clash) {
    const std::string label = clash == 0 ? "idx" : "idx" + std::to_string(clash);
    return generated_object_name(index.table.name, generated_name_addition(index_column_names(index)), label);
}

}  // namespace miglint

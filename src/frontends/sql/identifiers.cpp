// Identifiers the parser truncated to PostgreSQL's 63 bytes: libpg_query runs
// PostgreSQL's own scanner, which cuts every identifier to NAMEDATALEN - 1
// bytes (scan.l, truncate_identifier), so the tree only holds the cut name.
// The written form is recovered from the scanner's tokens.
#include "sql/identifiers.hpp"

#include "sql/char_class.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace miglint::sql {
namespace {

bool is_identifier_byte(unsigned char c) { return (chars::k_table[c] & (chars::word | chars::high)) != 0; }

// The identifier a token denotes: quoted ones lose their quotes and doubled
// quotes, unquoted ones are folded to lower case (ASCII only, as PostgreSQL
// does for multi-byte encodings).
std::string identifier_of(std::string_view token) {
    std::string out;
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
        for (std::size_t i = 1; i + 1 < token.size(); ++i) {
            out += token[i];
            if (token[i] == '"' && i + 2 < token.size() && token[i + 1] == '"') ++i;
        }
        return out;
    }
    for (const char c : token) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct ScanDeleter {
    void operator()(PgQuery__ScanResult* result) const { pg_query__scan_result__free_unpacked(result, nullptr); }
};

}  // namespace

// Possibly inside a string or comment, which the scanner then sorts out.
namespace {

// True when `text` (no quotes in it) holds a run of identifier bytes longer
// than the limit. Such a run covers one of every `limit + 1` positions, so
// only those are looked at, and the run through each found there measured:
// a fraction of the bytes is read, each at most once.
bool has_long_run(std::string_view text) {
    constexpr auto stride = k_max_identifier_bytes + 1;
    for (std::size_t probe = k_max_identifier_bytes; probe < text.size(); probe += stride) {
        if (!is_identifier_byte(static_cast<unsigned char>(text[probe]))) continue;
        auto begin = probe;
        auto end = probe + 1;
        while (begin > 0 && is_identifier_byte(static_cast<unsigned char>(text[begin - 1]))) --begin;
        while (end < text.size() && is_identifier_byte(static_cast<unsigned char>(text[end]))) ++end;
        if (end - begin > k_max_identifier_bytes) return true;
    }
    return false;
}

}  // namespace

bool may_have_long_identifier(std::string_view text) {
    std::size_t from = 0;
    while (from < text.size()) {
        const auto quote = text.find('"', from);
        if (has_long_run(text.substr(from, quote == std::string_view::npos ? std::string_view::npos : quote - from))) return true;
        if (quote == std::string_view::npos) return false;
        const auto close = text.find('"', quote + 1);
        // An unmatched quote (in a comment, say): the rest may hide a long name.
        if (close == std::string_view::npos) return text.size() - quote - 1 > k_max_identifier_bytes;
        if (close - quote - 1 > k_max_identifier_bytes) return true;
        from = close + 1;
    }
    return false;
}

std::vector<SqlToken> sql_tokens(std::string_view text) {
    std::vector<SqlToken> out;
    const std::string terminated(text);  // the scanner reads a NUL-terminated string
    const PgQueryScanResult scan = pg_query_scan(terminated.c_str());
    if (scan.error == nullptr) {
        const std::unique_ptr<PgQuery__ScanResult, ScanDeleter> tokens(pg_query__scan_result__unpack(
            nullptr, scan.pbuf.len, reinterpret_cast<const std::uint8_t*>(scan.pbuf.data)));
        for (std::size_t i = 0; tokens != nullptr && i < tokens->n_tokens; ++i) {
            const auto* token = tokens->tokens[i];
            if (token == nullptr || token->start < 0 || token->end < token->start) continue;
            if (token->token == PG_QUERY__TOKEN__SQL_COMMENT || token->token == PG_QUERY__TOKEN__C_COMMENT) continue;
            const auto end = std::min(static_cast<std::size_t>(token->end), text.size());
            out.push_back({static_cast<int>(token->token), static_cast<std::uint32_t>(token->start), static_cast<std::uint32_t>(end)});
        }
    }
    pg_query_free_scan_result(scan);
    return out;
}

std::vector<TruncatedIdentifier> truncated_identifiers(std::string_view statement) {
    std::vector<TruncatedIdentifier> out;
    if (!may_have_long_identifier(statement)) return out;
    for (const auto& token : sql_tokens(statement)) {
        if (token.token != PG_QUERY__TOKEN__IDENT || token.end <= token.begin) continue;
        auto written = identifier_of(statement.substr(token.begin, token.end - token.begin));
        if (written.size() <= k_max_identifier_bytes) continue;
        TruncatedIdentifier found{truncated_identifier(written), std::move(written)};
        bool seen = false;
        for (const auto& known : out) seen = seen || known == found;
        if (!seen) out.push_back(std::move(found));
    }
    return out;
}

}  // namespace miglint::sql

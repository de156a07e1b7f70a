#include "sql/clause_tokens.hpp"

#include <pg_query.h>
#include <pg_query.pb-c.h>

#include <array>
#include <cctype>
#include <utility>

namespace miglint::sql {
namespace {

bool starts_identifier(unsigned char c) { return std::isalpha(c) != 0 || c == '_' || c >= 0x80; }
bool continues_identifier(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80; }

constexpr std::string_view k_operator_chars = "+-*/<>=~!@#%^&|`?";

// The clause keywords, as the scanner numbers them; other words are identifiers.
int keyword_token(std::string_view word) {
    static constexpr std::array<std::pair<std::string_view, int>, 11> k_keywords{{
        {"with", PG_QUERY__TOKEN__WITH},     {"update", PG_QUERY__TOKEN__UPDATE}, {"delete", PG_QUERY__TOKEN__DELETE_P},
        {"from", PG_QUERY__TOKEN__FROM},     {"only", PG_QUERY__TOKEN__ONLY},     {"set", PG_QUERY__TOKEN__SET},
        {"using", PG_QUERY__TOKEN__USING},   {"where", PG_QUERY__TOKEN__WHERE},   {"returning", PG_QUERY__TOKEN__RETURNING},
        {"distinct", PG_QUERY__TOKEN__DISTINCT}, {"", 0},
    }};
    if (word.size() > 9) return PG_QUERY__TOKEN__IDENT;
    std::array<char, 9> lower{};
    for (std::size_t i = 0; i < word.size(); ++i) lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
    const std::string_view folded(lower.data(), word.size());
    for (const auto& [name, token] : k_keywords) {
        if (!name.empty() && name == folded) return token;
    }
    return PG_QUERY__TOKEN__IDENT;
}

// The end of a quoted run starting at `at` (the quote), where a doubled quote
// stays inside; with `backslashes` (E'...') a backslash escapes the next byte.
std::size_t end_of_quoted(std::string_view text, std::size_t at, char quote, bool backslashes) {
    std::size_t i = at + 1;
    while (i < text.size()) {
        if (backslashes && text[i] == '\\') {
            i += 2;
        } else if (text[i] == quote) {
            if (i + 1 < text.size() && text[i + 1] == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            ++i;
        }
    }
    return text.size();
}

// `$tag$` at `at`, or empty: the opening of a dollar-quoted string.
std::string_view dollar_tag(std::string_view text, std::size_t at) {
    std::size_t i = at + 1;
    if (i < text.size() && text[i] != '$' && !starts_identifier(static_cast<unsigned char>(text[i]))) return {};
    while (i < text.size() && text[i] != '$') {
        if (!continues_identifier(static_cast<unsigned char>(text[i])) || text[i] == '$') return {};
        ++i;
    }
    return i < text.size() ? text.substr(at, i + 1 - at) : std::string_view{};
}

}  // namespace

std::vector<SqlToken> clause_tokens(std::string_view text) {
    std::vector<SqlToken> out;
    const auto emit = [&](int token, std::size_t begin, std::size_t end) {
        out.push_back({token, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (std::isspace(c) != 0) {
            ++i;
        } else if (c == '-' && next == '-') {
            const auto eol = text.find('\n', i);
            i = eol == std::string_view::npos ? text.size() : eol + 1;
        } else if (c == '/' && next == '*') {
            int depth = 0;  // C comments nest in PostgreSQL
            do {
                if (text.compare(i, 2, "/*") == 0) {
                    ++depth;
                    i += 2;
                } else if (text.compare(i, 2, "*/") == 0) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (depth > 0 && i < text.size());
        } else if (c == '\'') {
            const auto end = end_of_quoted(text, i, '\'', false);
            emit(PG_QUERY__TOKEN__SCONST, i, end);
            i = end;
        } else if (c == '"') {
            const auto end = end_of_quoted(text, i, '"', false);
            emit(PG_QUERY__TOKEN__IDENT, i, end);
            i = end;
        } else if ((c == 'e' || c == 'E') && next == '\'') {
            const auto end = end_of_quoted(text, i + 1, '\'', true);
            emit(PG_QUERY__TOKEN__SCONST, i, end);
            i = end;
        } else if (c == '$' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(next)) != 0) {
            auto end = i + 1;
            while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
            emit(PG_QUERY__TOKEN__PARAM, i, end);
            i = end;
        } else if (const auto tag = c == '$' ? dollar_tag(text, i) : std::string_view{}; !tag.empty()) {
            const auto close = text.find(tag, i + tag.size());
            const auto end = close == std::string_view::npos ? text.size() : close + tag.size();
            emit(PG_QUERY__TOKEN__SCONST, i, end);
            i = end;
        } else if (starts_identifier(c)) {
            auto end = i + 1;
            while (end < text.size() && continues_identifier(static_cast<unsigned char>(text[end]))) ++end;
            // B'...', X'...', N'...', U&'...': a prefixed string is one constant.
            if (end < text.size() && text[end] == '\'' && end - i == 1) {
                end = end_of_quoted(text, end, '\'', false);
                emit(PG_QUERY__TOKEN__SCONST, i, end);
            } else {
                emit(keyword_token(text.substr(i, end - i)), i, end);
            }
            i = end;
        } else if (std::isdigit(c) != 0 || (c == '.' && std::isdigit(static_cast<unsigned char>(next)) != 0)) {
            auto end = i + 1;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.' || text[end] == '_')) {
                // `1..2` is no number; a dot followed by a letter ends it too (a qualified name never starts with a digit).
                if (text[end] == '.' && end + 1 < text.size() && text[end + 1] == '.') break;
                ++end;
            }
            emit(PG_QUERY__TOKEN__ICONST, i, end);
            i = end;
        } else if (k_operator_chars.find(static_cast<char>(c)) != std::string_view::npos) {
            auto end = i + 1;
            while (end < text.size() && k_operator_chars.find(text[end]) != std::string_view::npos) {
                if (text.compare(end, 2, "--") == 0 || text.compare(end, 2, "/*") == 0) break;
                ++end;
            }
            // `=` alone is the assignment; `=-1` is `=` then a minus (an operator cannot end in + or -).
            if (c == '=' && (end == i + 1 || text.substr(i + 1, end - i - 1).find_first_not_of("+-") == std::string_view::npos)) {
                emit('=', i, i + 1);
                i = i + 1;
            } else {
                emit(PG_QUERY__TOKEN__Op, i, end);
                i = end;
            }
        } else if ((c == '.' && next == '.') || (c == ':' && (next == ':' || next == '='))) {
            emit(PG_QUERY__TOKEN__Op, i, i + 2);  // `..`, `::` and `:=` are tokens of their own, no dot and no `=`
            i += 2;
        } else {
            emit(static_cast<int>(c), i, i + 1);  // ( ) [ ] , ; . : and the rest: one byte each
            ++i;
        }
    }
    return out;
}

}  // namespace miglint::sql

#include "sql/nesting.hpp"

#include "sql/char_class.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace miglint::sql {
namespace {

// What opened a level: a bracket, or CASE (closed by END).
enum class Opener { bracket, case_keyword };

struct Level {
    Opener opener = Opener::bracket;
    int chained = 0;  // operators chained on this level since its last comma
};

bool is_word_char(char c) { return chars::is_word(c); }
bool is_operator_char(char c) { return chars::is_operator(c); }

bool is_word(std::string_view word, std::string_view upper) {
    if (word.size() != upper.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (chars::to_upper(word[i]) != upper[i]) return false;
    }
    return true;
}

bool is_chaining_word(std::string_view word) {
    for (const std::string_view chaining : {"NOT", "COLLATE", "AT", "JOIN", "UNION", "INTERSECT", "EXCEPT"}) {
        if (is_word(word, chaining)) return true;
    }
    return false;
}

// The end of the quoted text starting at `i` (a ' or "), past its closing quote.
std::size_t skip_quoted(std::string_view sql, std::size_t i, bool backslash_escapes) {
    const char quote = sql[i++];
    while (i < sql.size() && sql[i] != quote) i += (backslash_escapes && sql[i] == '\\') ? 2 : 1;
    return i + 1;
}

// The end of the comment starting at `i` (`--` or a nesting `/*`).
std::size_t skip_comment(std::string_view sql, std::size_t i) {
    if (sql[i] == '-') {
        while (i < sql.size() && sql[i] != '\n' && sql[i] != '\r') ++i;
        return i;
    }
    int depth = 0;
    do {
        if (sql.compare(i, 2, "/*") == 0) {
            ++depth;
            i += 2;
        } else if (sql.compare(i, 2, "*/") == 0) {
            --depth;
            i += 2;
        } else {
            ++i;
        }
    } while (i < sql.size() && depth > 0);
    return i;
}

// The `$tag$` starting at `i`, or empty when `$` starts something else ($1).
std::optional<std::string> dollar_tag(std::string_view sql, std::size_t i) {
    std::size_t end = i + 1;
    if (end < sql.size() && chars::is_digit(sql[end])) return std::nullopt;
    while (end < sql.size() && (chars::is_alnum(sql[end]) || sql[end] == '_')) ++end;
    if (end >= sql.size() || sql[end] != '$') return std::nullopt;
    return std::string(sql.substr(i, end + 1 - i));
}

// Past the CASE of PL/pgSQL's `END CASE` at `i`, which closes a CASE rather than opening one.
std::size_t after_end_case(std::string_view sql, std::size_t i) {
    auto word = i;
    while (word < sql.size() && chars::is_space(sql[word])) ++word;
    auto end = word;
    while (end < sql.size() && is_word_char(sql[end])) ++end;
    return is_word(sql.substr(word, end - word), "CASE") ? end : i;
}

class DepthCounter {
public:
    explicit DepthCounter(int limit) : m_limit(limit) {}

    [[nodiscard]] bool over() const { return static_cast<int>(m_levels.size()) + m_chained > m_limit; }
    [[nodiscard]] bool in_case() const { return !m_levels.empty() && m_levels.back().opener == Opener::case_keyword; }

    void open(Opener opener) { m_levels.push_back({opener, 0}); }
    void close() {
        if (m_levels.empty()) return;
        m_chained -= m_levels.back().chained;
        m_levels.pop_back();
    }
    void chain() {
        ++m_chained;
        ++(m_levels.empty() ? m_top_chained : m_levels.back().chained);
    }
    void end_of_item() {
        auto& chained = m_levels.empty() ? m_top_chained : m_levels.back().chained;
        m_chained -= chained;
        chained = 0;
    }

private:
    int m_limit;
    std::vector<Level> m_levels;
    int m_chained = 0;      // the sum over every level, the top included
    int m_top_chained = 0;  // chained outside any bracket
};

struct Region {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Scans `region` of `sql` as PostgreSQL's lexer reads it; the bodies of
// dollar quotes are strings here and are added to `bodies`.
std::optional<std::uint32_t> scan(std::string_view sql, Region region, int limit, std::vector<Region>* bodies) {
    DepthCounter depth(limit);
    const auto text = sql.substr(0, region.end);
    std::size_t i = region.begin;
    while (i < text.size()) {
        const auto at = i;
        const char c = text[i];
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (chars::is_space(c)) {
            ++i;
        } else if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
            i = skip_comment(text, i);
        } else if (c == '\'') {
            const bool escapes = i > region.begin && (text[i - 1] == 'E' || text[i - 1] == 'e') &&
                                 (i < region.begin + 2 || !is_word_char(text[i - 2]));
            i = skip_quoted(text, i, escapes);
        } else if (c == '"') {
            i = skip_quoted(text, i, false);
        } else if (c == '$' && dollar_tag(text, i)) {
            const auto tag = *dollar_tag(text, i);
            const auto body = i + tag.size();
            const auto close = text.find(tag, body);
            if (bodies != nullptr) bodies->push_back({body, close == std::string_view::npos ? text.size() : close});
            i = close == std::string_view::npos ? text.size() : close + tag.size();
        } else if (c == '(' || c == '[') {
            depth.open(Opener::bracket);
            ++i;
        } else if (c == ')' || c == ']') {
            depth.close();
            ++i;
        } else if (c == ',' || c == ';') {
            depth.end_of_item();
            ++i;
        } else if (is_operator_char(c)) {
            while (i < text.size() && is_operator_char(text[i]) && text.compare(i, 2, "--") != 0 && text.compare(i, 2, "/*") != 0) ++i;
            depth.chain();
        } else if (is_word_char(c)) {
            while (i < text.size() && is_word_char(text[i])) ++i;
            const auto word = text.substr(at, i - at);
            // CASE nests like a bracket; NOT, COLLATE, AT TIME ZONE, JOIN and
            // set operations chain like operators (each one a tree level more).
            if (is_word(word, "CASE")) {
                depth.open(Opener::case_keyword);
            } else if (is_word(word, "END") && depth.in_case()) {
                depth.close();
                i = after_end_case(text, i);
            } else if (is_chaining_word(word)) {
                depth.chain();
            } else if (is_word(word, "AND") || is_word(word, "OR") || is_word(word, "WHEN") || is_word(word, "THEN") ||
                       is_word(word, "ELSE")) {
                depth.end_of_item();  // a flat list of operands, as a comma separates them
            }
        } else {
            ++i;
        }
        if (depth.over()) return static_cast<std::uint32_t>(at);
    }
    return std::nullopt;
}

// An upper bound on the nesting `scan` can count anywhere in `sql`: every
// level it counts is a distinct token (a bracket, an operator run, a word:
// CASE, NOT, JOIN, ...), so the number of brackets, operator bytes and words
// bounds it. One tight pass; nearly every migration ends here.
std::size_t nesting_tokens(std::string_view sql) {
    std::size_t tokens = 0;
    bool in_word = false;
    for (const char c : sql) {
        // Branch-free on purpose: this reads every byte of every file.
        const auto classes = chars::k_table[static_cast<unsigned char>(c)];
        const bool word = (classes & chars::word) != 0;
        tokens += static_cast<std::size_t>(((classes & (chars::opener | chars::op)) != 0) | (word & !in_word));
        in_word = word;
    }
    return tokens;
}

}  // namespace

std::optional<std::uint32_t> too_deep_at(std::string_view sql, int limit) {
    if (nesting_tokens(sql) < static_cast<std::size_t>(std::max(limit, 0))) return std::nullopt;
    // DO blocks and function bodies are parsed again on their own (PL/pgSQL),
    // so each dollar-quoted body is scanned as code too, one level down.
    std::vector<Region> bodies;
    if (auto at = scan(sql, {0, sql.size()}, limit, &bodies)) return at;
    for (const auto body : bodies) {
        if (auto at = scan(sql, body, limit, nullptr)) return at;
    }
    return std::nullopt;
}

}  // namespace miglint::sql

// Byte classes for the hand-written scanners over SQL text, by table lookup:
// the <cctype> calls they replace cost a function call (and a locale lookup)
// per byte, and these scanners read every byte of every migration. The
// classes are the "C" locale's, which is the one miglint runs in.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace miglint::sql::chars {

enum Class : std::uint8_t {
    space = 1,
    alpha = 2,
    digit = 4,
    op = 8,
    word = 16,    // a letter, digit, `_` or `$`: continues an unquoted name or keyword
    high = 32,    // a byte of a multi-byte UTF-8 character: PostgreSQL lets names hold them
    opener = 64,  // `(` or `[`
};

constexpr std::array<std::uint8_t, 256> make_table() {
    std::array<std::uint8_t, 256> table{};
    for (const char c : {' ', '\t', '\n', '\v', '\f', '\r'}) table[static_cast<unsigned char>(c)] |= space;
    for (int c = 'a'; c <= 'z'; ++c) table[c] |= alpha;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] |= alpha;
    for (int c = '0'; c <= '9'; ++c) table[c] |= digit;
    for (int c = 0; c < 256; ++c) {
        if ((table[c] & (alpha | digit)) != 0 || c == '_' || c == '$') table[c] |= word;
        if (c >= 0x80) table[c] |= high;
    }
    table['('] |= opener;
    table['['] |= opener;
    // PostgreSQL's operator characters (scan.l, `op_chars`) plus `:`.
    for (const char c : {'+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?', ':'}) {
        table[static_cast<unsigned char>(c)] |= op;
    }
    return table;
}

inline constexpr auto k_table = make_table();

constexpr bool is(char c, std::uint8_t classes) { return (k_table[static_cast<unsigned char>(c)] & classes) != 0; }
constexpr bool is_space(char c) { return is(c, space); }
constexpr bool is_digit(char c) { return is(c, digit); }
constexpr bool is_alnum(char c) { return is(c, alpha | digit); }
constexpr bool is_operator(char c) { return is(c, op); }
constexpr bool is_word(char c) { return is(c, word); }
constexpr char to_upper(char c) { return is(c, alpha) && c >= 'a' ? static_cast<char>(c - 'a' + 'A') : c; }
constexpr char to_lower(char c) { return is(c, alpha) && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// `text` with its ASCII letters lower-cased, as PostgreSQL folds keywords and setting names.
inline std::string lowered(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = to_lower(c);
    return out;
}

}  // namespace miglint::sql::chars

// Source text, byte spans and the line index that turns spans into positions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// A half-open byte range [`begin`, `end`) into one file's text.
struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    [[nodiscard]] bool empty() const { return begin >= end; }
    [[nodiscard]] std::uint32_t size() const { return end > begin ? end - begin : 0; }
    friend bool operator==(const Span&, const Span&) = default;
};

// How a column is counted. Text and JSON output use code points, SARIF says
// which it uses, LSP negotiates UTF-16 or UTF-8.
enum class ColumnUnit { bytes, code_points, utf16 };

// A 1-based line and column.
struct Position {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    friend bool operator==(const Position&, const Position&) = default;
};

// The text of one file with an index of line starts. Lines end at LF, CRLF or
// a lone CR, so a column never counts a line terminator. A tab is one column,
// like any other character. A UTF-8 byte order mark is not part of line 1 (it
// is not a column either; an offset inside it is 1:1).
class SourceText {
public:
    SourceText() = default;
    SourceText(std::string path, std::string text);

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] std::string_view slice(Span span) const;

    // The position of byte `offset`; an offset past the end clamps to the end.
    [[nodiscard]] Position position(std::uint32_t offset, ColumnUnit unit = ColumnUnit::code_points) const;
    // The byte offset of 1-based `line` and `column` counted in `unit`; clamps to the line's end.
    [[nodiscard]] std::uint32_t offset_of(Position pos, ColumnUnit unit) const;

    [[nodiscard]] std::uint32_t line_count() const { return static_cast<std::uint32_t>(m_line_starts.size()); }
    // The text of 1-based `line` without its terminator.
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
    [[nodiscard]] std::uint32_t line_start(std::uint32_t line) const;
    // The 1-based line that holds byte `offset`.
    [[nodiscard]] std::uint32_t line_of(std::uint32_t offset) const;

private:
    std::string m_path;
    std::string m_text;
    std::vector<std::uint32_t> m_line_starts;
};

// Counts the columns of `text` in `unit` (invalid UTF-8 bytes count one each).
std::uint32_t column_width(std::string_view text, ColumnUnit unit);

}  // namespace miglint

#include <miglint/source.hpp>

#include <miglint/input_check.hpp>

#include <algorithm>

namespace miglint {
namespace {

// Length of the UTF-8 sequence starting with `lead`, or 1 for an invalid lead byte.
std::uint32_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the well-formed sequence at `text[i]`, or 1 when it is malformed,
// so invalid bytes count one column each.
std::uint32_t sequence_length(std::string_view text, std::size_t i) {
    const auto len = utf8_length(static_cast<unsigned char>(text[i]));
    if (len == 1 || i + len > text.size()) return 1;
    for (std::size_t k = 1; k < len; ++k) {
        if (!is_continuation(static_cast<unsigned char>(text[i + k]))) return 1;
    }
    return len;
}

}  // namespace

std::uint32_t column_width(std::string_view text, ColumnUnit unit) {
    if (unit == ColumnUnit::bytes) return static_cast<std::uint32_t>(text.size());
    std::uint32_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto len = sequence_length(text, i);
        width += (unit == ColumnUnit::utf16 && len == 4) ? 2 : 1;
        i += len;
    }
    return width;
}

SourceText::SourceText(std::string path, std::string text) : m_path(std::move(path)), m_text(std::move(text)) {
    // A UTF-8 byte order mark is not text: editors hide it, so line 1 starts after it.
    const auto bom = static_cast<std::uint32_t>(bom_length(m_text));
    // Sized once (a count of newlines is a fast pass): kept for the whole run, with every file's.
    m_line_starts.reserve(1 + static_cast<std::size_t>(std::count(m_text.begin(), m_text.end(), '\n')));
    m_line_starts.push_back(bom);
    if (m_text.find('\r', bom) == std::string::npos) {  // as most files: lines end at a '\n' alone, found by memchr
        for (auto at = m_text.find('\n', bom); at != std::string::npos; at = m_text.find('\n', at + 1)) {
            m_line_starts.push_back(static_cast<std::uint32_t>(at + 1));
        }
        return;
    }
    for (std::uint32_t i = bom; i < m_text.size(); ++i) {
        const char c = m_text[i];
        if (c == '\n') {
            m_line_starts.push_back(i + 1);
        } else if (c == '\r') {
            if (i + 1 < m_text.size() && m_text[i + 1] == '\n') ++i;
            m_line_starts.push_back(i + 1);
        }
    }
}

std::string_view SourceText::slice(Span span) const {
    const auto size = static_cast<std::uint32_t>(m_text.size());
    const auto begin = std::min(span.begin, size);
    const auto end = std::clamp(span.end, begin, size);
    return std::string_view(m_text).substr(begin, end - begin);
}

std::uint32_t SourceText::line_of(std::uint32_t offset) const {
    const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(it - m_line_starts.begin()));  // a BOM byte is on line 1
}

std::uint32_t SourceText::line_start(std::uint32_t line) const {
    if (line == 0 || line > m_line_starts.size()) return static_cast<std::uint32_t>(m_text.size());
    return m_line_starts[line - 1];
}

std::string_view SourceText::line_text(std::uint32_t line) const {
    if (line == 0 || line > m_line_starts.size()) return {};
    const auto begin = m_line_starts[line - 1];
    auto end = line < m_line_starts.size() ? m_line_starts[line] : static_cast<std::uint32_t>(m_text.size());
    while (end > begin && (m_text[end - 1] == '\n' || m_text[end - 1] == '\r')) --end;
    return std::string_view(m_text).substr(begin, end - begin);
}

Position SourceText::position(std::uint32_t offset, ColumnUnit unit) const {
    offset = std::clamp(offset, m_line_starts.front(), static_cast<std::uint32_t>(m_text.size()));
    const auto line = line_of(offset);
    const auto start = m_line_starts[line - 1];
    const auto before = std::string_view(m_text).substr(start, offset - start);
    return {line, column_width(before, unit) + 1};
}

std::uint32_t SourceText::offset_of(Position pos, ColumnUnit unit) const {
    if (pos.line == 0) return 0;
    if (pos.line > m_line_starts.size()) return static_cast<std::uint32_t>(m_text.size());
    const auto text = line_text(pos.line);
    const auto start = m_line_starts[pos.line - 1];
    std::uint32_t column = 1;
    std::size_t i = 0;
    while (i < text.size() && column < pos.column) {
        const auto len = sequence_length(text, i);
        column += unit == ColumnUnit::bytes ? len : ((unit == ColumnUnit::utf16 && len == 4) ? 2 : 1);
        i += len;
    }
    return start + static_cast<std::uint32_t>(i);
}

}  // namespace miglint

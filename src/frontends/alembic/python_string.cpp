#include "alembic/python_string.hpp"

#include <algorithm>
#include <cctype>

namespace miglint::alembic {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (std::tolower(static_cast<unsigned char>(c)) - 'a') + 10;
}

// Appends code point `cp` as UTF-8; lone surrogates and values past U+10FFFF
// are written as U+FFFD, as they cannot be valid SQL text anyway.
void append_utf8(std::string& out, std::uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

struct Prefix {
    bool raw = false;
    bool bytes = false;
    bool format = false;
};

Prefix parse_prefix(std::string_view start) {
    Prefix prefix;
    for (const char c : start) {
        switch (std::tolower(static_cast<unsigned char>(c))) {
        case 'r': prefix.raw = true; break;
        case 'b': prefix.bytes = true; break;
        case 'f': prefix.format = true; break;
        default: break;
        }
    }
    return prefix;
}

class Decoder {
public:
    Decoder(std::string_view source, Prefix prefix, PyString& out) : m_source(source), m_prefix(prefix), m_out(out) {}

    // Decodes source bytes [from, to); false when a value cannot be known.
    bool run(std::uint32_t from, std::uint32_t to) {
        std::uint32_t i = from;
        while (i < to) {
            const char c = m_source[i];
            if (c == '\\' && !m_prefix.raw) {
                const auto next = escape(i, to);
                if (!next) return false;
                i = *next;
            } else if (c == '\r') {
                // Python reads CRLF and lone CR as one newline.
                const std::uint32_t len = (i + 1 < to && m_source[i + 1] == '\n') ? 2 : 1;
                put("\n", i, i + len);
                i += len;
            } else if (m_prefix.format && (c == '{' || c == '}') && i + 1 < to && m_source[i + 1] == c) {
                put(std::string(1, c), i, i + 2);
                i += 2;
            } else if (c == '\\' && m_prefix.raw && i + 1 < to) {
                // A raw string keeps the backslash, and the escaped quote too.
                put(std::string(m_source.substr(i, 2)), i, i + 2, true);
                i += 2;
            } else {
                put(std::string(1, c), i, i + 1);
                ++i;
            }
        }
        return true;
    }

private:
    // Adds `bytes` for source bytes [begin, end); `each` maps byte by byte.
    void put(const std::string& bytes, std::uint32_t begin, std::uint32_t end, bool each = false) {
        for (std::size_t k = 0; k < bytes.size(); ++k) {
            m_out.value += bytes[k];
            if (each) {
                const auto at = begin + static_cast<std::uint32_t>(k);
                m_out.sources.push_back({at, at + 1});
            } else {
                m_out.sources.push_back({begin, end});
            }
        }
    }

    // Decodes the escape at `i`; the offset after it, or nullopt.
    std::optional<std::uint32_t> escape(std::uint32_t i, std::uint32_t to) {
        if (i + 1 >= to) {
            put("\\", i, i + 1);
            return i + 1;
        }
        const char e = m_source[i + 1];
        switch (e) {
        case '\n': return i + 2;  // line continuation: no byte
        case '\r': return (i + 2 < to && m_source[i + 2] == '\n') ? i + 3 : i + 2;
        case '\\': put("\\", i, i + 2); return i + 2;
        case '\'': put("'", i, i + 2); return i + 2;
        case '"': put("\"", i, i + 2); return i + 2;
        case 'a': put("\a", i, i + 2); return i + 2;
        case 'b': put("\b", i, i + 2); return i + 2;
        case 'f': put("\f", i, i + 2); return i + 2;
        case 'n': put("\n", i, i + 2); return i + 2;
        case 'r': put("\r", i, i + 2); return i + 2;
        case 't': put("\t", i, i + 2); return i + 2;
        case 'v': put("\v", i, i + 2); return i + 2;
        case 'x': return hex_escape(i, to, 2);
        case 'u': return m_prefix.bytes ? keep(i) : hex_escape(i, to, 4);
        case 'U': return m_prefix.bytes ? keep(i) : hex_escape(i, to, 8);
        case 'N':
            // A named character: its value needs the Unicode name table.
            if (m_prefix.bytes) return keep(i);
            return std::nullopt;
        default: break;
        }
        if (is_octal(e)) {
            std::uint32_t j = i + 1;
            std::uint32_t value = 0;
            while (j < to && j < i + 4 && is_octal(m_source[j])) value = value * 8 + static_cast<std::uint32_t>(m_source[j++] - '0');
            emit_code(value, i, j);
            return j;
        }
        return keep(i);
    }

    // An unknown escape stays as written, backslash included.
    std::uint32_t keep(std::uint32_t i) {
        put("\\", i, i + 1);
        return i + 1;
    }

    std::optional<std::uint32_t> hex_escape(std::uint32_t i, std::uint32_t to, std::uint32_t digits) {
        const std::uint32_t first = i + 2;
        if (first + digits > to) return std::nullopt;
        std::uint32_t value = 0;
        for (std::uint32_t k = 0; k < digits; ++k) {
            const char c = m_source[first + k];
            if (!is_hex(c)) return std::nullopt;
            value = value * 16 + static_cast<std::uint32_t>(hex_value(c));
        }
        emit_code(value, i, first + digits);
        return first + digits;
    }

    void emit_code(std::uint32_t value, std::uint32_t begin, std::uint32_t end) {
        std::string bytes;
        if (m_prefix.bytes) {
            bytes += static_cast<char>(value & 0xFF);
        } else {
            append_utf8(bytes, value);
        }
        put(bytes, begin, end);
    }

    std::string_view m_source;
    Prefix m_prefix;
    PyString& m_out;
};

}  // namespace

void PyString::append(const PyString& other) {
    value += other.value;
    sources.insert(sources.end(), other.sources.begin(), other.sources.end());
    interpolated = interpolated || other.interpolated;
    bytes = bytes || other.bytes;
    if (literal.empty()) {
        literal = other.literal;
    } else if (!other.literal.empty()) {
        literal = {std::min(literal.begin, other.literal.begin), std::max(literal.end, other.literal.end)};
    }
}

std::uint32_t PyString::map(std::uint32_t index) const {
    if (sources.empty()) return literal.begin;
    const auto size = static_cast<std::uint32_t>(sources.size());
    if (index == 0) return sources.front().begin;
    if (index >= size) return sources.back().end;
    const Span previous = sources[index - 1];
    const Span current = sources[index];
    if (previous.end == current.begin || previous == current) return current.begin;
    const auto c = static_cast<unsigned char>(value[index - 1]);
    return std::isspace(c) != 0 ? current.begin : previous.end;
}

std::optional<PyString> decode_string(Node string, std::string_view source, const InterpolationResolver& resolve) {
    if (!string.is("string") || string.has_error()) return std::nullopt;
    Node start;
    Node end;
    std::vector<Node> fields;
    for (std::uint32_t i = 0; i < string.child_count(); ++i) {
        const Node child = string.child(i);
        if (child.is("string_start")) start = child;
        if (child.is("string_end")) end = child;
        if (child.is("interpolation")) fields.push_back(child);
    }
    if (!start || !end || end.begin() < start.end() || end.end() > source.size()) return std::nullopt;
    const auto start_text = start.text(source);
    const Prefix prefix = parse_prefix(start_text);

    PyString out;
    out.bytes = prefix.bytes;
    out.literal = string.span();
    Decoder decoder(source, prefix, out);
    std::uint32_t cursor = start.end();
    for (const Node field : fields) {
        if (field.begin() < cursor || field.end() > end.begin()) return std::nullopt;
        if (!decoder.run(cursor, field.begin())) return std::nullopt;
        if (!resolve) return std::nullopt;
        auto part = resolve(field);
        if (!part) return std::nullopt;
        for (std::size_t k = 0; k < part->value.size(); ++k) {
            out.value += part->value[k];
            out.sources.push_back(field.span());
        }
        out.interpolated = true;
        cursor = field.end();
    }
    if (!decoder.run(cursor, end.begin())) return std::nullopt;
    return out;
}

}  // namespace miglint::alembic

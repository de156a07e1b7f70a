#include "json_stream.hpp"

#include "report_util.hpp"

#include <charconv>

namespace miglint::report {
namespace {

// The length of the well-formed UTF-8 sequence at `at` (Unicode's table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0U; };
    const auto in = [](unsigned value, unsigned low, unsigned high) { return value >= low && value <= high; };
    const auto lead = byte(at);
    if (in(lead, 0xC2, 0xDF)) return in(byte(at + 1), 0x80, 0xBF) ? 2 : 0;
    if (in(lead, 0xE0, 0xEF)) {
        const auto low = lead == 0xE0 ? 0xA0U : 0x80U;
        const auto high = lead == 0xED ? 0x9FU : 0xBFU;
        return in(byte(at + 1), low, high) && in(byte(at + 2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in(lead, 0xF0, 0xF4)) {
        const auto low = lead == 0xF0 ? 0x90U : 0x80U;
        const auto high = lead == 0xF4 ? 0x8FU : 0xBFU;
        return in(byte(at + 1), low, high) && in(byte(at + 2), 0x80, 0xBF) && in(byte(at + 3), 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

// What nlohmann writes in place of an invalid sequence depends on where its
// decoder gives up: for such rare text, its own serializer writes the string.
void append_with_serializer(std::string& out, std::string_view text) {
    const nlohmann::ordered_json value = std::string(text);
    nlohmann::detail::serializer<nlohmann::ordered_json> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                                    nlohmann::ordered_json::error_handler_t::replace);
    serializer.dump(value, false, false, 0);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    const auto start = out.size();
    out += '"';
    const auto plain = [](unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (plain(static_cast<unsigned char>(text[i]))) {
            // A run of bytes written as they are, at once.
            auto end = i + 1;
            while (end < text.size() && plain(static_cast<unsigned char>(text[end]))) ++end;
            out.append(text.substr(i, end - i));
            i = end - 1;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\b': out += "\\b"; continue;
            case '\t': out += "\\t"; continue;
            case '\n': out += "\\n"; continue;
            case '\f': out += "\\f"; continue;
            case '\r': out += "\\r"; continue;
            default: break;
        }
        if (c < 0x20) {
            constexpr std::string_view k_hex = "0123456789abcdef";
            out += "\\u00";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
            continue;
        }
        const auto length = utf8_sequence(text, i);
        if (length == 0) {
            out.resize(start);
            append_with_serializer(out, text);
            return;
        }
        out.append(text.substr(i, length));
        i += length - 1;
    }
    out += '"';
}

void JsonStream::begin_object() { open('{'); }
void JsonStream::end_object() { close('}'); }
void JsonStream::begin_array() { open('['); }
void JsonStream::end_array() { close(']'); }

void JsonStream::open(char bracket) {
    before_value();
    m_pending += bracket;
    m_counts.push_back(0);
}

// A container with no values closes right after its opening bracket (`{}`, `[]`), as nlohmann writes it.
void JsonStream::close(char bracket) {
    const auto count = m_counts.back();
    m_counts.pop_back();
    if (count > 0) newline_indent(m_counts.size());
    m_pending += bracket;
    flush_when_full();
}

void JsonStream::key(std::string_view name) {
    auto& count = m_counts.back();
    if (count++ > 0) m_pending += ',';
    newline_indent(m_counts.size());
    append_json_string(m_pending, name);
    m_pending += ": ";
    m_after_key = true;
}

void JsonStream::value(std::string_view text) {
    before_value();
    append_json_string(m_pending, text);
}

void JsonStream::integer(std::int64_t number) {
    before_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    m_pending.append(digits, end);
}

void JsonStream::value(bool flag) {
    before_value();
    m_pending += flag ? "true" : "false";
}

void JsonStream::null() {
    before_value();
    m_pending += "null";
}

void JsonStream::value(const nlohmann::ordered_json& document) {
    before_value();
    nlohmann::detail::serializer<nlohmann::ordered_json> serializer(
        nlohmann::detail::output_adapter<char>(m_pending), ' ', nlohmann::ordered_json::error_handler_t::replace);
    serializer.dump(document, true, false, 2, static_cast<unsigned>(2 * m_counts.size()));
    flush_when_full();
}

void JsonStream::finish() {
    m_pending += '\n';
    m_out << m_pending;
    m_pending.clear();
}

void JsonStream::before_value() {
    if (m_after_key || m_counts.empty()) {
        m_after_key = false;
        return;
    }
    auto& count = m_counts.back();
    if (count++ > 0) m_pending += ',';
    newline_indent(m_counts.size());
}

void JsonStream::newline_indent(std::size_t depth) {
    m_pending += '\n';
    m_pending.append(2 * depth, ' ');
}

void JsonStream::flush_when_full() {
    write_when_full(m_pending, m_out);
}

}  // namespace miglint::report

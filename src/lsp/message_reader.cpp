#include "lsp/message_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <istream>
#include <streambuf>

namespace miglint::lsp {
namespace {

constexpr std::string_view k_length_header = "content-length:";
// No header line is this long; beyond it the input is garbage, not a header.
constexpr std::size_t k_max_header_line = std::size_t{8} * 1024;
// A body larger than this is refused rather than allocated (miglint reads
// files up to 64 MiB; JSON escaping can double that).
constexpr std::size_t k_max_body = 256ULL * 1024 * 1024;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Header names are HTTP tokens; anything else is a body that lost its header.
bool is_header_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(),
                                        [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
}

}  // namespace

MessageReader::MessageReader(std::istream& in) : m_in(&in) {}

bool MessageReader::has_buffered_input() const {
    if (m_pending_at < m_pending.size()) return true;
    auto* buffer = m_in->rdbuf();
    return buffer != nullptr && buffer->in_avail() > 0;
}

int MessageReader::get() {
    if (m_pending_at < m_pending.size()) return static_cast<unsigned char>(m_pending[m_pending_at++]);
    auto* buffer = m_in->rdbuf();
    if (buffer == nullptr) return -1;
    const auto c = buffer->sbumpc();
    return std::char_traits<char>::eq_int_type(c, std::char_traits<char>::eof())
               ? -1
               : std::char_traits<char>::to_char_type(c) & 0xFF;
}

bool MessageReader::read_line(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    int c = get();
    if (c < 0) return false;
    while (c >= 0 && c != '\n') {
        line += static_cast<char>(c);
        // Stop here: the rest is rescanned for the next header, not thrown away.
        if (line.size() >= k_max_header_line) {
            too_long = true;
            return true;
        }
        c = get();
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

std::string MessageReader::read_body(std::size_t count) {
    std::string body;
    const auto from_pending = std::min(count, m_pending.size() - m_pending_at);
    body.append(m_pending, m_pending_at, from_pending);
    m_pending_at += from_pending;
    auto* buffer = m_in->rdbuf();
    while (body.size() < count && buffer != nullptr) {
        char chunk[4096];
        const auto want = static_cast<std::streamsize>(std::min(count - body.size(), sizeof chunk));
        const auto got = buffer->sgetn(chunk, want);
        if (got <= 0) break;
        body.append(chunk, static_cast<std::size_t>(got));
    }
    return body;
}

void MessageReader::skip_to_header() {
    std::size_t matched = 0;
    for (int c = get(); c >= 0; c = get()) {
        const auto folded = static_cast<char>(std::tolower(c));
        if (folded == k_length_header[matched]) {
            if (++matched == k_length_header.size()) {
                m_pending = std::string("Content-Length:") + m_pending.substr(m_pending_at);
                m_pending_at = 0;
                return;
            }
        } else {
            matched = folded == k_length_header[0] ? 1 : 0;
        }
    }
}

void MessageReader::resume_inside(std::string_view body) {
    const auto at = lower(body).find(k_length_header);
    if (at == std::string::npos) return;
    m_pending = std::string(body.substr(at)) + m_pending.substr(m_pending_at);
    m_pending_at = 0;
}

Frame MessageReader::next() {
    std::string line;
    bool too_long = false;
    // Blank lines between frames are noise, not an empty header block.
    do {
        if (!read_line(line, too_long)) return {};
    } while (line.empty() && !too_long);
    std::string consumed;  // the header lines read, to rescan when they turn out broken
    std::string problem;
    bool has_length = false;
    std::size_t length = 0;
    while (true) {
        consumed += line + "\n";
        const auto colon = line.find(':');
        const auto name = std::string_view(line).substr(0, colon == std::string::npos ? 0 : colon);
        if (too_long) {
            problem = "header line too long";
        } else if (colon == std::string::npos || !is_header_name(name)) {
            problem = "not a header: `" + line.substr(0, 80) + "`";
        } else if (lower(name) == "content-length") {
            const auto value = trim(std::string_view(line).substr(colon + 1));
            std::size_t parsed = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
            if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) {
                problem = "Content-Length is not a number: `" + std::string(value.substr(0, 40)) + "`";
            } else if (parsed > k_max_body) {
                problem = "Content-Length " + std::to_string(parsed) + " is larger than miglint accepts";
            } else {
                has_length = true;
                length = parsed;
            }
        }
        // A line that is no header means the input lost its framing: resynchronise now.
        if (!problem.empty()) break;
        if (!read_line(line, too_long)) return {Frame::Kind::bad_frame, {}, "input ended inside a header"};
        if (line.empty() && !too_long) break;
    }
    if (problem.empty() && !has_length) problem = "no Content-Length header";
    if (!problem.empty()) {
        // The next frame's header may hide in what was read (a body sent
        // without headers runs straight into it): rescan all but the first byte.
        m_pending = consumed.substr(1) + m_pending.substr(m_pending_at);
        m_pending_at = 0;
        skip_to_header();
        return {Frame::Kind::bad_frame, {}, problem};
    }
    auto body = read_body(length);
    if (body.size() < length) {
        // The input ended early; a frame that followed inside the shortfall is still read.
        resume_inside(body);
        return {Frame::Kind::bad_frame, std::move(body), "input ended inside a body"};
    }
    return {Frame::Kind::message, std::move(body), {}};
}

}  // namespace miglint::lsp

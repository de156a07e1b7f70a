#include <miglint/input_check.hpp>

#include <cstdio>
#include <string>

namespace miglint {
namespace {

// Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t valid_sequence(std::string_view text, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) return 1;
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + len > text.size()) return 0;
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if (b < 0x80 || b > 0xBF) return 0;
    }
    return len;
}

}  // namespace

std::string over_size_limit(std::string_view what, std::optional<std::uint64_t> size, std::uint64_t limit) {
    const auto bytes = [](std::uint64_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); };
    return std::string(what) + (size ? " is " + bytes(*size) : " is more than " + bytes(limit)) + ", over the limit of " + bytes(limit) + ": not linted (raise `max-file-size` in miglint.toml or [tool.miglint])";
}

std::size_t bom_length(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

std::optional<FrontEndDiagnostic> check_text_input(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') {
            const auto at = static_cast<std::uint32_t>(i);
            return FrontEndDiagnostic{"syntax-error", "file contains a NUL byte: it looks binary and cannot be parsed",
                                      {at, at + 1}, "lint only text migration files"};
        }
        const auto len = valid_sequence(text, i);
        if (len == 0) {
            const auto at = static_cast<std::uint32_t>(i);
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
            return FrontEndDiagnostic{"syntax-error",
                                      std::string("invalid UTF-8 byte ") + hex + ": PostgreSQL rejects the statement",
                                      {at, at + 1}, "save the file as UTF-8"};
        }
        i += len;
    }
    return std::nullopt;
}

}  // namespace miglint

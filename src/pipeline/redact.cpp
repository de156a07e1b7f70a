#include "redact.hpp"

#include <cctype>

namespace miglint {
namespace {

constexpr std::string_view k_hidden = "***";

bool ends_a_value(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '&' || c == '"' || c == '\'' || c == ')';
}

bool ends_a_uri(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\'';
}

bool starts_with_no_case(std::string_view text, std::size_t at, std::string_view word) {
    if (text.size() - at < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
    }
    return true;
}

// `password = value` and `password='it''s'`: the value's end, from `at` (just after the `=`).
std::size_t end_of_value(std::string_view text, std::size_t at) {
    while (at < text.size() && text[at] == ' ') ++at;
    if (at < text.size() && text[at] == '\'') {  // libpq's quoting: backslash escapes, quote ends
        for (++at; at < text.size(); ++at) {
            if (text[at] == '\\') {
                ++at;
            } else if (text[at] == '\'') {
                return at + 1;
            }
        }
        return text.size();
    }
    while (at < text.size() && !ends_a_value(text[at])) ++at;
    return at;
}

std::string redact_password_settings(std::string_view text) {
    constexpr std::string_view k_key = "password";
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!starts_with_no_case(text, i, k_key)) continue;
        auto equals = i + k_key.size();
        while (equals < text.size() && text[equals] == ' ') ++equals;
        if (equals >= text.size() || text[equals] != '=') continue;
        const auto end = end_of_value(text, equals + 1);
        out.append(text.substr(copied, equals + 1 - copied));
        out.append(k_hidden);
        copied = end;
        i = end - 1;
    }
    out.append(text.substr(copied));
    return out;
}

// scheme://user:password@host: the password, up to the last `@` of the URI
// (a password may hold `/` or `@`; hiding too much is the safe mistake).
std::string redact_uri_passwords(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    for (auto scheme = text.find("://"); scheme != std::string_view::npos; scheme = text.find("://", scheme + 3)) {
        const auto start = scheme + 3;
        if (start < copied) continue;
        auto end = start;
        while (end < text.size() && !ends_a_uri(text[end])) ++end;
        const auto uri = text.substr(start, end - start);
        const auto at = uri.rfind('@');
        if (at == std::string_view::npos) continue;
        const auto colon = uri.substr(0, at).find(':');
        if (colon == std::string_view::npos) continue;
        out.append(text.substr(copied, start + colon + 1 - copied));
        out.append(k_hidden);
        copied = start + at;
    }
    out.append(text.substr(copied));
    return out;
}

}  // namespace

std::string redact_credentials(std::string_view text, std::string_view secret) {
    std::string out(text);
    if (!secret.empty()) {
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + k_hidden.size())) {
            out.replace(at, secret.size(), k_hidden);
        }
    }
    return redact_uri_passwords(redact_password_settings(out));
}

}  // namespace miglint

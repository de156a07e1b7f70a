#include "markdown_text.hpp"

#include <miglint/printable.hpp>

#include <algorithm>

namespace miglint::report {

std::string markdown_inline(std::string_view text) {
    constexpr std::string_view k_syntax = "\\`*_[]<>|~&$";
    std::string out;
    for (const char c : escape_controls(text)) {
        if (k_syntax.find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    // Only the start of a paragraph can open a heading, list, rule or quote.
    if (!out.empty() && std::string_view("#-+=>").find(out.front()) != std::string_view::npos) {
        out.insert(0, 1, '\\');
    } else if (const auto digits = out.find_first_not_of("0123456789");
               digits > 0 && digits != std::string::npos && (out[digits] == '.' || out[digits] == ')')) {
        out.insert(digits, 1, '\\');
    }
    return out;
}

std::string html_text(std::string_view text) {
    std::string out;
    for (const char c : escape_controls(text)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string fenced_code(std::string_view code, std::string_view language, std::string_view indent) {
    std::size_t longest_run = 0;
    std::size_t run = 0;
    for (const char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest_run = std::max(longest_run, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest_run + 1), '`');
    std::string out;
    out.append(indent).append(fence).append(language) += '\n';
    while (!code.empty()) {
        const auto end = std::min(code.find('\n'), code.size());
        out.append(indent).append(code.substr(0, end)) += '\n';
        code.remove_prefix(std::min(end + 1, code.size()));
    }
    out.append(indent).append(fence) += '\n';
    return out;
}

}  // namespace miglint::report

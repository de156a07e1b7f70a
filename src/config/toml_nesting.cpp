#include "config/toml_nesting.hpp"

namespace miglint::config {

std::optional<Error> check_toml_nesting(std::string_view text, const std::string& path) {
    std::size_t line = 1;
    std::size_t line_start = 0;
    int marks = 0;
    const auto next_line = [&](std::size_t newline) {
        ++line;
        line_start = newline + 1;
        marks = 0;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            next_line(i);
        } else if (c == '#') {
            while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        } else if (c == '"' || c == '\'') {
            // A string: single-line, or multi-line between tripled quotes; only basic strings have escapes.
            const bool multi_line = text.substr(i, 3) == std::string_view(std::string(3, c));
            const std::string_view close = multi_line ? text.substr(i, 3) : text.substr(i, 1);
            std::size_t j = i + close.size();
            while (j < text.size() && text.substr(j, close.size()) != close) {
                if (c == '"' && text[j] == '\\') ++j;
                if (j < text.size() && text[j] == '\n') {
                    if (!multi_line) break;  // an unterminated string: toml++ reports it
                    next_line(j);
                }
                ++j;
            }
            i = std::min(text.size(), j + close.size()) - 1;
            if (j < text.size() && text[j] == '\n') i = j - 1;
        } else if (c == '.' || c == '[' || c == '{') {
            if (++marks > k_max_nesting_marks_per_line) {
                return Error{
                    "a line with more than " + std::to_string(k_max_nesting_marks_per_line) +
                        " dots and brackets outside strings nests too deeply to read",
                    path, Position{static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(i - line_start + 1)}};
            }
        }
    }
    return std::nullopt;
}

}  // namespace miglint::config

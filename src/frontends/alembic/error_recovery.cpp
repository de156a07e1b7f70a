#include "alembic/error_recovery.hpp"

#include <algorithm>
#include <map>

namespace miglint::alembic {
namespace {

// Enough to step over a few broken lines; each attempt is one more parse.
constexpr int k_max_attempts = 8;

FrontEndDiagnostic describe(Node error, const SourceText& source) {
    const auto& text = source.text();
    Span span = error.span();
    std::string message;
    if (error.is_missing()) {
        span.end = span.begin;
        message = "invalid Python syntax: missing `" + std::string(error.type()) + "`";
    } else {
        // The first line of what could not be parsed is enough to recognise it.
        const auto line_end = text.find_first_of("\r\n", span.begin);
        if (line_end != std::string::npos && line_end < span.end && line_end > span.begin) {
            span.end = static_cast<std::uint32_t>(line_end);
        }
        const std::string near(source.slice(span).substr(0, 40));
        message = near.empty() ? "invalid Python syntax" : "invalid Python syntax near `" + near + "`";
    }
    return {"syntax-error", message, span, "fix the Python syntax: Alembic cannot import this revision"};
}

// Neutralises the line holding `offset`: first as `pass` (an enclosing block
// stays a block), then as blanks. False when the line is already blank.
bool neutralise_line(std::string& text, std::uint32_t offset, std::map<std::size_t, int>& state) {
    if (offset > text.size()) return false;
    std::size_t begin = text.find_last_of("\r\n", offset == 0 ? std::string::npos : offset - 1);
    begin = (begin == std::string::npos || offset == 0) ? 0 : begin + 1;
    if (offset == 0) begin = 0;
    std::size_t end = text.find_first_of("\r\n", begin);
    if (end == std::string::npos) end = text.size();
    std::size_t content = begin;
    while (content < end && (text[content] == ' ' || text[content] == '\t')) ++content;
    int& step = state[begin];
    if (content >= end || step >= 2) return false;
    std::fill(text.begin() + static_cast<std::ptrdiff_t>(content), text.begin() + static_cast<std::ptrdiff_t>(end), ' ');
    if (step == 0 && end - content >= 4) {
        text.replace(content, 4, "pass");
        step = 1;
    } else {
        step = 2;
    }
    return true;
}

// Python reads source with universal newlines, so a lone CR ends a line;
// tree-sitter-python would not see one there. Same length: offsets hold.
std::string with_universal_newlines(std::string text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
    }
    return text;
}

}  // namespace

RecoveredParse parse_with_recovery(const SourceText& source) {
    RecoveredParse out;
    // Python refuses a file with a NUL byte, so nothing from its line on ever runs; and
    // tree-sitter's error recovery after a NUL took seconds on a 60 KB line (fuzzing found
    // it). The parse stops at that line; the byte itself is reported by the tokenizer check.
    std::string_view text = source.text();
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        const auto line_start = text.rfind('\n', nul);
        text = text.substr(0, line_start == std::string_view::npos ? 0 : line_start + 1);
    }
    out.text = with_universal_newlines(std::string(text));
    out.tree = std::make_unique<SyntaxTree>(out.text);
    Node error = first_syntax_error(out.tree->root());
    if (!error) return out;
    out.error = describe(error, source);
    std::map<std::size_t, int> state;
    for (int attempt = 0; attempt < k_max_attempts && error; ++attempt) {
        std::string candidate = out.text;
        if (!neutralise_line(candidate, error.begin(), state)) break;
        auto tree = std::make_unique<SyntaxTree>(candidate);
        if (!tree->root()) break;
        out.text = std::move(candidate);
        out.tree = std::move(tree);
        error = first_syntax_error(out.tree->root());
    }
    return out;
}

}  // namespace miglint::alembic

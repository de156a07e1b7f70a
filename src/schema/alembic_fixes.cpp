// Fix edits for Alembic revisions (declared in predicates.hpp).
#include "schema/predicates.hpp"

#include <algorithm>
#include <iterator>

namespace miglint {
namespace {

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}

// What ends the line at `line_end` in `text`: CRLF, CR or LF (LF at the end of the file).
std::string_view line_ending_at(const std::string& text, std::uint32_t line_end) {
    if (line_end < text.size() && text[line_end] == '\r') {
        return line_end + 1 < text.size() && text[line_end + 1] == '\n' ? "\r\n" : "\r";
    }
    return "\n";
}

}  // namespace

std::optional<Fix> wrap_in_autocommit_block(const Operation& op, const SourceText& source) {
    // An op.execute(...) moves as a whole, when its string holds only this statement.
    const auto span = op.from_sql_string ? op.sql_call : op.span;
    if (span.empty() || !source.path().ends_with(".py")) return std::nullopt;
    const auto call = source.slice(span);
    if (!call.starts_with("op.") || call.find("\"\"\"") != std::string_view::npos ||
        call.find("'''") != std::string_view::npos) {
        return std::nullopt;
    }
    const auto first = source.line_of(span.begin);
    const auto last = source.line_of(span.end);
    const auto first_start = source.line_start(first);
    const auto indent = source.slice({first_start, span.begin});
    // The call must begin its line: `x = op.f()` or `if a: op.f()` cannot be wrapped by indenting.
    if (!is_blank(indent)) return std::nullopt;
    const auto last_line = source.line_text(last);
    const auto last_end = source.line_start(last) + static_cast<std::uint32_t>(last_line.size());
    const auto after = source.slice({span.end, last_end});
    if (!is_blank(after) && after.substr(after.find_first_not_of(" \t")).front() != '#') return std::nullopt;
    const std::string unit = indent.find('\t') != std::string_view::npos ? "\t" : "    ";
    const auto eol = line_ending_at(source.text(), last_end);
    // One edit per line start: the block's opening line goes with the first
    // line's extra indent, so no two edits share an offset.
    std::vector<Edit> edits;
    edits.push_back({{first_start, first_start},
                     std::string(indent) + "with op.get_context().autocommit_block():" + std::string(eol) + unit});
    for (auto line = first + 1; line <= last; ++line) {
        const auto start = source.line_start(line);
        edits.push_back({{start, start}, unit});
    }
    // The block commits the revision's work before it: a change of transaction structure.
    return Fix{"run it in an autocommit block", std::move(edits), true};
}

std::optional<Fix> name_alembic_constraint(const SourceText& source, Span call, const std::string& name) {
    const auto text = source.slice(call);
    // A comment could hold the last comma or parenthesis this looks for.
    if (text.empty() || text.back() != ')' || text.find('#') != std::string_view::npos ||
        text.find("name=") != std::string_view::npos) {
        return std::nullopt;
    }
    const auto quoted_name = python_string(name);
    constexpr std::string_view k_create = "op.create_";
    if (text.starts_with(k_create)) {
        const auto open = text.find('(');
        if (open == std::string_view::npos) return std::nullopt;
        const auto first = text.find_first_not_of(" \t\r\n", open + 1);
        const auto after = first == std::string_view::npos ? first : text.find_first_not_of(" \t\r\n", first + 4);
        if (first == std::string_view::npos || text.substr(first, 4) != "None" || after == std::string_view::npos ||
            text[after] != ',') {
            return std::nullopt;
        }
        const auto at = call.begin + static_cast<std::uint32_t>(first);
        return Fix{"name it " + name, {{{at, at + 4}, quoted_name}}};
    }
    constexpr std::string_view k_items[] = {"sa.PrimaryKeyConstraint(", "sa.UniqueConstraint(", "sa.CheckConstraint(",
                                            "sa.ForeignKeyConstraint(", "sa.ForeignKey("};
    if (std::none_of(std::begin(k_items), std::end(k_items),
                     [&](std::string_view item) { return text.starts_with(item); })) {
        return std::nullopt;
    }
    // Before the closing parenthesis, after a trailing comma if there is one.
    const auto last = text.find_last_not_of(" \t\r\n", text.size() - 2);
    if (last == std::string_view::npos || text[last] == '(') return std::nullopt;
    const auto at = call.begin + static_cast<std::uint32_t>(last + 1);
    return Fix{"name it " + name, {{{at, at}, std::string(text[last] == ',' ? " " : ", ") + "name=" + quoted_name}}};
}

}  // namespace miglint

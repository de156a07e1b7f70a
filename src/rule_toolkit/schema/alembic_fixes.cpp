// Fix edits for Alembic revisions (declared in predicates.hpp).
#include "schema/predicates.hpp"

#include <algorithm>
#include <iterator>

namespace miglint {
namespace {

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}

// An Alembic call with its lines to itself, as the fixes that move, extend or
// replace it find it.
struct CallLines {
    Span span;                  // the call
    std::uint32_t first = 0;    // its first and last lines
    std::uint32_t last = 0;
    std::uint32_t first_start = 0;
    std::uint32_t last_end = 0;  // the end of its last line, before the line ending
    std::string indent;         // before the call on its first line
    std::string unit;           // one level of indentation, as the file indents
    std::string eol;            // the file's line ending there
};

// The call of `op` (an op.execute(...) whose string holds only this statement,
// or the op.* call) when it starts with `op.`, begins its line and only a
// comment follows it on its last line.
std::optional<CallLines> call_lines(const Operation& op, const SourceText& source) {
    const auto span = op.from_sql_string ? op.sql_call : op.span;
    if (span.empty() || !source.path().ends_with(".py")) return std::nullopt;
    if (!source.slice(span).starts_with("op.")) return std::nullopt;
    CallLines call;
    call.span = span;
    call.first = source.line_of(span.begin);
    call.last = source.line_of(span.end);
    call.first_start = source.line_start(call.first);
    call.indent = source.slice({call.first_start, span.begin});
    // `x = op.f()` or `if a: op.f()` cannot be moved or extended line by line.
    if (!is_blank(call.indent)) return std::nullopt;
    call.last_end = source.line_start(call.last) + static_cast<std::uint32_t>(source.line_text(call.last).size());
    const auto after = source.slice({span.end, call.last_end});
    if (!is_blank(after) && after.substr(after.find_first_not_of(" \t")).front() != '#') return std::nullopt;
    call.unit = call.indent.find('\t') != std::string::npos ? "\t" : "    ";
    call.eol = line_ending_at(source.text(), call.last_end);
    return call;
}

// `code` ("\n" between its lines) with every line after the first indented by
// `indent`, lines ended by `eol`.
std::string indented(std::string_view code, const std::string& indent, const std::string& eol) {
    std::string out;
    std::size_t start = 0;
    for (auto end = code.find('\n'); end != std::string_view::npos; end = code.find('\n', start)) {
        out.append(code.substr(start, end - start)).append(eol).append(indent);
        start = end + 1;
    }
    return out.append(code.substr(start));
}

}  // namespace

std::optional<Fix> wrap_in_autocommit_block(const Operation& op, const SourceText& source) {
    const auto call = call_lines(op, source);
    // Re-indenting a triple-quoted string would change its text.
    if (!call || source.slice(call->span).find("\"\"\"") != std::string_view::npos ||
        source.slice(call->span).find("'''") != std::string_view::npos) {
        return std::nullopt;
    }
    // One edit per line start: the block's opening line goes with the first
    // line's extra indent, so no two edits share an offset.
    std::vector<Edit> edits;
    edits.push_back({{call->first_start, call->first_start},
                     call->indent + "with op.get_context().autocommit_block():" + call->eol + call->unit});
    for (auto line = call->first + 1; line <= call->last; ++line) {
        const auto start = source.line_start(line);
        edits.push_back({{start, start}, call->unit});
    }
    // The block commits the revision's work before it: a change of transaction structure.
    return Fix{"run it in an autocommit block", std::move(edits), true};
}

std::optional<Edit> alembic_after(const Operation& op, const SourceText& source, std::string_view code) {
    const auto call = call_lines(op, source);
    if (!call) return std::nullopt;
    return Edit{{call->last_end, call->last_end}, call->eol + call->indent + indented(code, call->indent, call->eol)};
}

std::string alembic_outside_transaction(const Operation& op, std::string_view code) {
    return op.in_transaction == InTransaction::yes ? in_autocommit_block(code) : std::string(code);
}

std::optional<Edit> alembic_after_commit(const Operation& op, const SourceText& source, std::string_view code) {
    return alembic_after(op, source, alembic_outside_transaction(op, code));
}

std::optional<Edit> alembic_before(const Operation& op, const SourceText& source, std::string_view code) {
    const auto call = call_lines(op, source);
    if (!call) return std::nullopt;
    return Edit{{call->span.begin, call->span.begin}, indented(code, call->indent, call->eol) + call->eol + call->indent};
}

std::optional<Edit> alembic_replace(const Operation& op, const SourceText& source, std::string_view code) {
    const auto call = call_lines(op, source);
    if (!call) return std::nullopt;
    return Edit{call->span, indented(code, call->indent, call->eol)};
}

std::optional<Edit> add_keyword_argument(const SourceText& source, Span call, std::string_view argument) {
    const auto text = source.slice(call);
    const auto name = argument.substr(0, argument.find('=') + 1);
    // A comment could hold the last comma or parenthesis this looks for.
    if (text.empty() || text.back() != ')' || text.find('#') != std::string_view::npos ||
        text.find(name) != std::string_view::npos) {
        return std::nullopt;
    }
    // Before the closing parenthesis, after a trailing comma if there is one.
    const auto last = text.find_last_not_of(" \t\r\n", text.size() - 2);
    if (last == std::string_view::npos || text[last] == '(') return std::nullopt;
    const auto at = call.begin + static_cast<std::uint32_t>(last + 1);
    return Edit{{at, at}, std::string(text[last] == ',' ? " " : ", ") + std::string(argument)};
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
    auto edit = add_keyword_argument(source, call, "name=" + quoted_name);
    if (!edit) return std::nullopt;
    return Fix{"name it " + name, {std::move(*edit)}};
}

}  // namespace miglint

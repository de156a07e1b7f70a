#include "alembic/tokenizer_checks.hpp"

#include <miglint/input_check.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace miglint::alembic {
namespace {

// An indentation measured two ways: tabs to the next multiple of 8, and tabs as 1.
struct Indent {
    std::uint32_t col = 0;
    std::uint32_t alt_col = 0;
};

// Where the indentation before `offset` begins (its line's start), or empty
// when something other than indentation precedes `offset` on its line.
std::optional<std::uint32_t> indent_begin(std::string_view text, std::uint32_t offset) {
    auto i = offset;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\f')) --i;
    if (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') return std::nullopt;
    return i;
}

// The indentation in [`begin`, `end`), measured as CPython's tokenizer does.
Indent measure(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    Indent indent;
    for (auto i = begin; i < end; ++i) {
        if (text[i] == ' ') {
            ++indent.col;
            ++indent.alt_col;
        } else if (text[i] == '\t') {
            indent.col = (indent.col / 8 + 1) * 8;
            ++indent.alt_col;
        } else {
            indent = {};  // a form feed resets the count
        }
    }
    return indent;
}

// The statements that start a line, in file order (an explicit stack: no recursion on deep trees).
std::vector<Node> line_statements(Node root, std::string_view text) {
    std::vector<Node> statements;
    std::vector<std::pair<Node, bool>> pending{{root, false}};  // a node, and whether it is a statement
    while (!pending.empty()) {
        const auto [node, is_statement] = pending.back();
        pending.pop_back();
        if (is_statement && node.begin() <= text.size() && indent_begin(text, node.begin())) statements.push_back(node);
        const auto children = node.named_children();
        const bool holds_statements = node.is("module") || node.is("block");
        for (auto it = children.rbegin(); it != children.rend(); ++it) pending.emplace_back(*it, holds_statements && !it->is("comment"));
    }
    return statements;
}

// CPython's MAXLEVEL and MAXINDENT: its tokenizer's stacks hold this many.
constexpr int k_max_bracket_depth = 200;
constexpr std::size_t k_max_indent_levels = 100;

// The first bracket opened deeper than CPython allows, walking every token in
// file order with a cursor (the tree may be as deep as the brackets).
std::optional<FrontEndDiagnostic> too_deep_brackets(Node root, std::string_view text) {
    // Every level is an opening bracket: a file with no more of them than the
    // limit, counting those in strings and comments too, cannot pass it. Nearly
    // every revision ends here, without the walk over all its tokens.
    const auto openers =
        std::count_if(text.begin(), text.end(), [](char c) { return c == '(' || c == '[' || c == '{'; });
    if (openers <= k_max_bracket_depth) return std::nullopt;
    TSTreeCursor cursor = ts_tree_cursor_new(root.raw());
    std::optional<FrontEndDiagnostic> found;
    int depth = 0;
    for (bool more = true; more && !found;) {
        const Node node(ts_tree_cursor_current_node(&cursor));
        if (!node.is_named() && !node.is_missing()) {
            const auto type = node.type();
            if (type == "(" || type == "[" || type == "{") {
                if (++depth > k_max_bracket_depth) {
                    found = FrontEndDiagnostic{"syntax-error", "too many nested parentheses: Python refuses to import this file (at most 200 levels)",
                                               node.span(), "split the expression into named parts"};
                }
            } else if (type == ")" || type == "]" || type == "}") {
                --depth;
            }
        }
        if (ts_tree_cursor_goto_first_child(&cursor)) continue;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) {
                more = false;
                break;
            }
        }
    }
    ts_tree_cursor_delete(&cursor);
    return found;
}

bool is_encoding_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.'; }

// The encoding a PEP 263 comment (`# -*- coding: latin-1 -*-`) on `line` names, lower-cased; empty when none.
std::string declared_encoding(std::string_view line) {
    const auto hash = line.find_first_not_of(" \t\f");
    if (hash == std::string_view::npos || line[hash] != '#') return {};
    for (auto at = line.find("coding", hash); at != std::string_view::npos; at = line.find("coding", at + 1)) {
        auto i = at + 6;
        if (i >= line.size() || (line[i] != ':' && line[i] != '=')) continue;
        ++i;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        std::string name;
        while (i < line.size() && is_encoding_char(line[i])) name += static_cast<char>(std::tolower(static_cast<unsigned char>(line[i++])));
        if (!name.empty()) return name;
    }
    return {};
}

// PEP 263: line 1 or 2 declares an encoding other than UTF-8, so other bytes are valid.
bool declares_other_encoding(std::string_view text) {
    std::size_t begin = 0;
    for (int line = 0; line < 2 && begin < text.size(); ++line) {
        auto end = text.find_first_of("\r\n", begin);
        if (end == std::string_view::npos) end = text.size();
        const auto name = declared_encoding(text.substr(begin, end - begin));
        if (!name.empty()) return name != "utf-8" && name != "utf8" && !name.starts_with("utf-8-") && !name.starts_with("utf_8");
        begin = end + 1;
    }
    return false;
}

// The NUL or invalid UTF-8 diagnostic of the input check, when Python would refuse the bytes too.
std::optional<FrontEndDiagnostic> bad_bytes(std::string_view text) {
    auto problem = check_text_input(text);
    if (!problem) return std::nullopt;
    const bool is_nul = text[problem->span.begin] == '\0';
    if (!is_nul && declares_other_encoding(text)) return std::nullopt;
    problem->message = is_nul ? "file contains a NUL byte: Python refuses to import it" : problem->message.substr(0, problem->message.find(':')) +
                                                                                              ": Python refuses to import a file that is not UTF-8";
    return problem;
}

std::optional<FrontEndDiagnostic> inconsistent_indentation(Node root, std::string_view text) {
    // Without a tab the two measures agree on every line (a space adds one to
    // both, a form feed resets both), so no indentation can be inconsistent:
    // the walk over every statement is for files that have tabs.
    if (text.find('\t') == std::string_view::npos) return std::nullopt;
    std::vector<Indent> stack{Indent{}};
    for (const Node statement : line_statements(root, text)) {
        const auto begin = *indent_begin(text, statement.begin());
        const auto indent = measure(text, begin, statement.begin());
        bool consistent = true;
        if (indent.col == stack.back().col) {
            consistent = indent.alt_col == stack.back().alt_col;
        } else if (indent.col > stack.back().col) {
            consistent = indent.alt_col > stack.back().alt_col;
            stack.push_back(indent);
        } else {
            while (stack.size() > 1 && indent.col < stack.back().col) stack.pop_back();
            // A dedent to no enclosing level is tree-sitter's syntax error to report, not this one.
            consistent = indent.col != stack.back().col || indent.alt_col == stack.back().alt_col;
        }
        if (!consistent) {
            return FrontEndDiagnostic{"syntax-error", "inconsistent use of tabs and spaces in indentation: Python refuses to import this file",
                                      {begin, statement.begin()}, "indent with spaces only"};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<FrontEndDiagnostic> too_deep_indentation(std::string_view text) {
    // Line by line, without a tokenizer: a continuation line or a string's
    // line can only make the count higher, and nothing real comes near 100.
    std::vector<std::uint32_t> stack{0};
    std::size_t begin = 0;
    while (begin < text.size()) {
        auto end = text.find_first_of("\r\n", begin);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(begin, end - begin);
        const auto content = line.find_first_not_of(" \t\f");
        if (content != std::string_view::npos && line[content] != '#') {
            const auto width = measure(text, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + content)).col;
            while (stack.size() > 1 && width < stack.back()) stack.pop_back();
            if (width > stack.back()) stack.push_back(width);
            if (stack.size() > k_max_indent_levels + 1) {
                const auto at = static_cast<std::uint32_t>(begin);
                return FrontEndDiagnostic{"syntax-error", "too many levels of indentation: Python refuses to import this file (at most 100)",
                                          {at, at + static_cast<std::uint32_t>(content)}, "move the inner blocks into functions"};
            }
        }
        begin = end + 1;
    }
    return std::nullopt;
}

std::optional<FrontEndDiagnostic> tokenizer_error(Node root, std::string_view parsed_text, std::string_view file_text) {
    if (auto bytes = bad_bytes(file_text)) return bytes;
    if (auto levels = too_deep_indentation(parsed_text)) return levels;
    if (auto tabs = inconsistent_indentation(root, parsed_text)) return tabs;
    return too_deep_brackets(root, parsed_text);
}

}  // namespace miglint::alembic

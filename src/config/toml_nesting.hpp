// A bound on how deeply a TOML file can nest, checked before toml++ sees it.
// toml++ limits nested arrays and inline tables, not dotted keys: 31,000
// parts in one key (`a.a.a. ... = 1`, in any tool's section of a
// pyproject.toml) make a table tree as deep, and tearing it down overflows
// the stack.
#pragma once

#include <miglint/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace miglint::config {

// More dots, `[` and `{` than this on one line, outside strings and comments,
// is refused. A table's depth is at most its header's parts plus one line's
// count plus toml++'s 256 levels of multi-line arrays, so this keeps it in
// the low thousands; real files have a handful per line.
constexpr int k_max_nesting_marks_per_line = 1000;

// An error naming `path` and the line and column where a line of `text`
// passes k_max_nesting_marks_per_line, or nothing. Strings (basic, literal,
// multi-line) and comments are skipped as TOML reads them.
std::optional<Error> check_toml_nesting(std::string_view text, const std::string& path);

}  // namespace miglint::config

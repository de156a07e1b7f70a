// Text from the linted files (paths, messages, help) made safe inside
// Markdown: a `|` would end a table cell, a `<` open an HTML tag, a backtick a
// code span that swallows the rest of the line, a `$` start a formula.
#pragma once

#include <string>
#include <string_view>

namespace miglint::report {

// `text` as literal Markdown inline text: control characters escaped as
// escape_controls does, then every character Markdown or GitHub reads as
// syntax inside a line (\ ` * _ [ ] < > | ~ & $) behind a backslash, and a
// line start that would open a block (`#`, `-`, `+`, `=`, `>`, `1.`) escaped.
std::string markdown_inline(std::string_view text);

// `text` inside an HTML element (`<summary>`), where Markdown is not read:
// control characters escaped, then & < > " as entities.
std::string html_text(std::string_view text);

// `code` (lines separated by '\n', control characters already escaped) as a
// fenced code block in `language` (may be empty), every line indented by
// `indent`; the fence is longer than any run of backticks in `code`, so
// nothing in it can close the block early.
std::string fenced_code(std::string_view code, std::string_view language, std::string_view indent);

}  // namespace miglint::report

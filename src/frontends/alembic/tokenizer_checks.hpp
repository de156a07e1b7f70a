// What CPython's tokenizer refuses although tree-sitter-python parses it:
// indentation whose depth depends on the tab width (TabError), more than 100
// levels of indentation, brackets nested deeper than 200, a NUL byte, and bytes that are not UTF-8 in a file
// that declares no other encoding. Alembic cannot import such a file.
#pragma once

#include "alembic/syntax_tree.hpp"

#include <miglint/migration.hpp>

#include <optional>
#include <string_view>

namespace miglint::alembic {

// A `syntax-error` diagnostic for the first of those problems, as CPython
// reports it; empty when there is none. `root` is the tree of `parsed_text`
// (the file's text after error recovery, same offsets), `file_text` the bytes
// as read.
std::optional<FrontEndDiagnostic> tokenizer_error(Node root, std::string_view parsed_text, std::string_view file_text);

// The `syntax-error` of indentation more than 100 levels deep. tree-sitter's
// Python scanner loses track near 250 levels and then sees no revision at
// all, so this is checked on the text alone.
std::optional<FrontEndDiagnostic> too_deep_indentation(std::string_view text);

}  // namespace miglint::alembic

// Recovery from Python syntax errors: the text is re-parsed with the line of
// the first error neutralised, so the rest of the file still lowers with
// byte-exact spans (lengths and line breaks never change).
#pragma once

#include "alembic/syntax_tree.hpp"

#include <miglint/migration.hpp>
#include <miglint/source.hpp>

#include <memory>
#include <optional>
#include <string>

namespace miglint::alembic {

// A parse that is as clean as line neutralisation could make it. `text` is
// the text that was parsed: the file's own text, with lone CRs read as line
// ends (as Python reads them) and the broken lines neutralised.
struct RecoveredParse {
    std::string text;
    std::unique_ptr<SyntaxTree> tree;
    // The first syntax error of the original file, as a `syntax-error` diagnostic.
    std::optional<FrontEndDiagnostic> error;
};

RecoveredParse parse_with_recovery(const SourceText& source);

}  // namespace miglint::alembic

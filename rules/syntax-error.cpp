// A file, statement or Python construct that does not parse.
// No lock: PostgreSQL rejects the statement (and, in a transaction, the whole migration).
#include <miglint/rule.hpp>

namespace miglint::rules {

// The front ends report syntax errors as diagnostics; this rule only names them.
const Rule& syntax_error() {
    static const Rule rule{
        .id = "syntax-error",
        .summary = "A statement or file that does not parse, reported at the parser's position.",
        .default_severity = Severity::error,
        .tags = {"correctness"},
    };
    return rule;
}

}  // namespace miglint::rules

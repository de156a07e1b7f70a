// SQL passed to op.execute (or sa.text) that is built at run time (an
// f-string, a variable without a static value, a SQLAlchemy expression), so
// no rule can check what it does.
// No lock claim: the statement is unknown.
#include <miglint/rule.hpp>

namespace miglint::rules {

// The Alembic front end reports unresolvable SQL as diagnostics; this rule only names them.
const Rule& unresolved_sql() {
    static const Rule rule{
        .id = "unresolved-sql",
        .summary = "SQL built at run time (an f-string or unknown value) that miglint cannot check.",
        .default_severity = Severity::info,
        .tags = {"alembic", "coverage"},
    };
    return rule;
}

}  // namespace miglint::rules

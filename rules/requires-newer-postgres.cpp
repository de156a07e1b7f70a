// SQL that only a later PostgreSQL release accepts than the one production
// runs (pg-version): a migration written against a newer local server fails
// in production. The release notes of PostgreSQL 11 to 18 date each construct;
// docs/rules/requires-newer-postgres.md lists them.
// No lock: PostgreSQL rejects the statement (and, in a transaction, the whole migration).
#include <miglint/rule.hpp>

namespace miglint::rules {

// The SQL front end finds these while it parses (sql/newer_syntax.cpp) and the
// history pass reports those newer than the configured version; this rule only names them.
const Rule& requires_newer_postgres() {
    static const Rule rule{
        .id = "requires-newer-postgres",
        .summary =
            "SQL that only a newer PostgreSQL release accepts than the configured pg-version, so the migration fails "
            "in production.",
        .default_severity = Severity::error,
        .tags = {"correctness"},
    };
    return rule;
}

}  // namespace miglint::rules

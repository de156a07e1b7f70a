// SQL that only a newer PostgreSQL accepts than the oldest miglint supports
// (10): the parser reads PostgreSQL 18's grammar, so a migration written
// against a newer local server parses; this says which version it needs, so
// the `requires-newer-postgres` rule can compare it with the configured one.
#pragma once

#include "sql/pg_tree.hpp"

#include <miglint/pg_version.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::sql {

struct NewerSyntax {
    PgVersion since;       // the first release that accepts it
    std::string what;      // "a NOT NULL table constraint", for the message
    std::string instead;   // how older releases say the same, or "" when they cannot
    std::uint32_t at = 0;  // byte offset in the file text
};

// Every construct of `statement` (a parsed statement and all it contains)
// that PostgreSQL 10 rejects, each once, in the order found.
std::vector<NewerSyntax> find_newer_syntax(const Node* statement, const StatementText& text);

// True when `statement_text` may hold newer syntax below the statement's own
// columns and constraints (a subquery, SQL/JSON, a WITH query, FETCH ... WITH
// TIES, a 0x or 1_000 literal), so the whole tree must be walked. False only
// when none of those words or literal forms appears in the text.
bool may_nest_newer_syntax(std::string_view statement_text);

}  // namespace miglint::sql

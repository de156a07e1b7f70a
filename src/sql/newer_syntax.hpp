// SQL that only a newer PostgreSQL accepts than the oldest miglint supports
// (10): the parser reads PostgreSQL 18's grammar, so a migration written
// against a newer local server parses; this says which version it needs, so
// the `requires-newer-postgres` rule can compare it with the configured one.
#pragma once

#include "sql/pg_tree.hpp"

#include <miglint/pg_version.hpp>

#include <cstdint>
#include <string>
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

}  // namespace miglint::sql

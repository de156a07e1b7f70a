// A bound on how deeply a piece of SQL nests, checked on the text before
// libpg_query sees it: its tree serialiser and protobuf-c's unpacker recurse
// once per tree level, and a deep enough statement (a chain of 30,000 `-`
// operators, 9,000 NOTs, 2,000 nested subqueries) overflows the stack inside them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace miglint::sql {

// Real migrations stay far below; libpg_query's recursion copes with ten times as much.
constexpr int k_max_nesting = 1000;

// The byte offset in `sql` where its nesting first exceeds `limit`, or empty.
// Nesting counts open parentheses, brackets and CASE, plus the operators
// (and NOT, JOIN, UNION, ...) chained at each level since its last comma, AND,
// OR or CASE branch: `1-1-1` nests as deep as it is long, `a = 1 OR a = 2`
// does not. Dollar-quoted bodies are scanned on their own too (DO blocks and
// function bodies are parsed again as PL/pgSQL).
std::optional<std::uint32_t> too_deep_at(std::string_view sql, int limit = k_max_nesting);

}  // namespace miglint::sql

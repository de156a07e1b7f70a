// A light tokenizer for cutting an UPDATE or DELETE into its clauses: the
// keywords that start them, brackets, dots, commas and `=`, each with its
// offsets, as PostgreSQL's scanner reads them. Strings, quoted names, dollar
// quotes and comments are skipped whole. Everything else comes out as a
// generic token. Cheaper than pg_query_scan, which packs every token of the
// statement into protobuf: this runs for every UPDATE and DELETE.
#pragma once

#include "sql/identifiers.hpp"

#include <string_view>
#include <vector>

namespace miglint::sql {

// The tokens of `text` (comments left out); a `$1` parameter is PG_QUERY__TOKEN__PARAM.
std::vector<SqlToken> clause_tokens(std::string_view text);

}  // namespace miglint::sql

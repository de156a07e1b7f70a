// What PostgreSQL's scanner reads: tokens, and what it does to names longer than 63 bytes.
#pragma once

#include <miglint/operation.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::sql {

// The identifiers of `statement` (SQL text) longer than 63 bytes, each once,
// with the truncated form the parse tree holds. Empty when there are none or
// the text does not scan.
std::vector<TruncatedIdentifier> truncated_identifiers(std::string_view statement);

// One token of SQL text: its kind (a PgQuery__Token: keyword, IDENT, PARAM,
// or the character itself for punctuation such as '(' and ',') and its bytes.
struct SqlToken {
    int token = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// The tokens of `text` as PostgreSQL's scanner reads them, comments left
// out; empty when the text does not scan.
std::vector<SqlToken> sql_tokens(std::string_view text);

// A cheap test that `text` may hold an identifier longer than 63 bytes (some
// run of identifier bytes, or some quoted name, is longer); false means none.
bool may_have_long_identifier(std::string_view text);

}  // namespace miglint::sql

// Identifier length: what PostgreSQL's scanner does to names longer than 63 bytes.
#pragma once

#include <miglint/operation.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace miglint::sql {

// The identifiers of `statement` (SQL text) longer than 63 bytes, each once,
// with the truncated form the parse tree holds. Empty when there are none or
// the text does not scan.
std::vector<TruncatedIdentifier> truncated_identifiers(std::string_view statement);

// A cheap test that `text` may hold an identifier longer than 63 bytes (some
// run of identifier bytes, or some quoted name, is longer); false means none.
bool may_have_long_identifier(std::string_view text);

}  // namespace miglint::sql

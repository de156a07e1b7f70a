// PL/pgSQL bodies: the statements a DO block runs go through the rules like
// any other; CREATE FUNCTION bodies are checked for syntax only (they run later).
#pragma once

#include "sql/sql_frontend.hpp"

#include <string_view>

namespace miglint::sql {

// Lowers what the DO block at `statement` runs — its SQL statements and
// EXECUTE of string literals — into `out`, marked `from_do_block`, with spans
// in `file_text`. A body that does not parse is a syntax-error diagnostic.
void lower_do_block(std::string_view file_text, Span statement, std::string_view body, std::uint32_t statement_index,
                    Lowered& out);

// Parses a CREATE FUNCTION ... LANGUAGE plpgsql statement's body and reports a
// syntax error in it.
void check_function_body(std::string_view file_text, Span statement, Lowered& out);

}  // namespace miglint::sql

// SQL held in Python strings: statements lowered by the SQL front end with
// spans mapped back into the .py file, and SQL expressions (server_default,
// CHECK conditions) classified the way the SQL front end classifies them.
#pragma once

#include "alembic/evaluator.hpp"
#include "alembic/op_sink.hpp"

#include <miglint/operation.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace miglint::alembic {

// Lowers the SQL in `sql` (a resolved string, the argument of the call at
// `call`) into `out`, marking every op `from_sql_string`; syntax errors become
// diagnostics at their place in the file.
void lower_embedded_sql(const PyString& sql, Span call, OpSink& out);

// Lowers `sql`, the SQL a SQLAlchemy construct renders (it is in no string
// of the file), as lower_embedded_sql lowers the same SQL written in a string:
// every op `from_sql_string`, every span and syntax error on the call at `call`.
void lower_construct_sql(const std::string& sql, Span call, OpSink& out);

// Reports that the SQL passed to `call_name` at `call` cannot be read
// statically (`reason`: "f-string", "%-format", ...): an `Unresolved` op and
// one `unresolved-sql` diagnostic, never a guess at the text.
void report_unresolved_sql(std::string_view call_name, const std::string& reason, Span call, OpSink& out);

// The SQL expression `sql` (from `sa.text(...)` or a CHECK condition), with
// its volatility and functions as the SQL front end sees them; the span
// covers the string in the file.
Expression sql_expression(const PyString& sql);
// An expression the front end built from Python (`sa.func.now()` → "now()"):
// classified like SQL, spanning `span`.
Expression sql_expression(const std::string& sql, Span span);

// `'text'` quoted as a SQL string literal, as SQLAlchemy renders a plain
// string server_default.
std::string sql_literal(std::string_view text);

}  // namespace miglint::alembic

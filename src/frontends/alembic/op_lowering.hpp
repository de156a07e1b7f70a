// `op.<name>(...)` and `batch_op.<name>(...)` calls → operations.
#pragma once

#include "alembic/evaluator.hpp"
#include "alembic/op_sink.hpp"
#include "alembic/sqlalchemy_types.hpp"

#include <miglint/operation.hpp>

#include <optional>
#include <string_view>

namespace miglint::alembic {

// Lowers the call `op.<name>(...)` at `call`. With `batch` (the Kind::batch
// value of `with op.batch_alter_table(...) as batch_op`) the call is
// `batch_op.<name>(...)`: its table argument is implied, and each op records
// the op.<name>(...) call doing the same outside the block (`outside_batch`).
// An op miglint has no kind for becomes `Other{"op.<name>"}`; queries that
// change nothing (op.get_bind, op.f, ...) emit nothing.
void lower_op_call(std::string_view name, Node call, const Value* batch, const Evaluator& eval, const Scope& scope,
                   OpSink& out);

// Whether the call passes parameters the DBAPI driver binds into the SQL
// (`conn.execute("... %s", (x,))`): its `%s` and `%(name)s` are parameters.
enum class DriverParams { no, yes };

// The SQL argument `sql` of `call_name` (op.execute, conn.execute, ...):
// lowered when it is a resolvable string, `Unresolved` plus an
// `unresolved-sql` diagnostic otherwise. `text_clause` says the string goes
// through sa.text(), whose `:name` bind parameters PostgreSQL never sees.
// Parameters are read as PostgreSQL's `$1`, so the SQL around them is checked.
void lower_sql_argument(std::string_view call_name, Node sql, Node call, bool text_clause, const Evaluator& eval,
                        const Scope& scope, OpSink& out, DriverParams params = DriverParams::no);

// `ENUM(...).create(bind, checkfirst=...)` or `.drop(...)` at `call`.
void lower_enum_ddl(const EnumSpec& spec, bool create, Node call, const Evaluator& eval, const Scope& scope,
                    OpSink& out);

}  // namespace miglint::alembic

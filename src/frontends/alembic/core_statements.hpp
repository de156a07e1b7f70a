// SQLAlchemy Core statements passed to a connection's execute():
// `sa.update(t).where(...).values(...)`, `t.delete()`, `sa.insert(t)`,
// `sa.select(...)`. They are statically known SQL, not SQL built at run time:
// lowered to what the SQL front end gives for the same statement.
#pragma once

#include "alembic/evaluator.hpp"

#include <miglint/operation.hpp>

#include <optional>

namespace miglint::alembic {

// The operation `statement` runs, when it is a Core insert, update, delete
// or select on a table the file names (`sa.table("name", ...)`, `sa.Table(...)`,
// or one bound to a name); nullopt for anything else.
std::optional<OperationData> core_statement(Node statement, const Evaluator& eval, const Scope& scope);

}  // namespace miglint::alembic

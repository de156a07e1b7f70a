// The SQLAlchemy objects a migration names by a Python expression: a table
// (`sa.table(...)`, `sa.Table(...)`, `metadata.tables["t"]`) and, for any
// object, the call a name was bound to.
#pragma once

#include "alembic/evaluator.hpp"

#include <miglint/operation.hpp>

#include <optional>

namespace miglint::alembic {

// The table `expr` names: `sa.table("name", ..., schema=...)`,
// `sa.Table("name", metadata, ...)`, a MetaData's `tables["name"]`, or a name
// bound to one; nullopt when it cannot be read.
std::optional<QualifiedName> sqlalchemy_table(Node expr, const Evaluator& eval, const Scope& scope);

// The call or subscript the name `expr` was bound to (`index = sa.Index(...)`),
// `expr` itself when it is no name, and a null node for a name bound to
// something else or to nothing.
Node bound_expression(Node expr, const Evaluator& eval, const Scope& scope);

}  // namespace miglint::alembic

// Tests of the database's dialect inside a revision (`if bind.dialect.name ==
// "mysql":`, `url.startswith("sqlite")`, `if is_postgres():`): only the branch
// PostgreSQL takes is PostgreSQL, the others are another database's SQL.
#pragma once

#include "alembic/value.hpp"

#include <optional>
#include <string_view>

namespace miglint::alembic {

// Whether `condition` holds on PostgreSQL, when it tests nothing but the
// dialect (==, !=, in, not in against dialect names, `.startswith("<dialect>")`,
// `not`, brackets); nullopt for any other condition. A call without arguments
// of a function `scope` binds whose body only binds names and returns such a
// test (`def is_postgres(): return op.get_context().dialect.name ==
// "postgresql"`), or returns the dialect's name (`get_db_type() ==
// "postgresql"`), counts as that test.
std::optional<bool> true_on_postgres(Node condition, std::string_view source, const Scope& scope, int depth = 0);

}  // namespace miglint::alembic

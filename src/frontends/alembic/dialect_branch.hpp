// Tests of the database's dialect inside a revision (`if bind.dialect.name ==
// "mysql":`, `url.startswith("sqlite")`): only the branch PostgreSQL takes
// is PostgreSQL, the others are another database's SQL.
#pragma once

#include "alembic/syntax_tree.hpp"

#include <optional>
#include <string_view>

namespace miglint::alembic {

// Whether `condition` holds on PostgreSQL, when it tests nothing but the
// dialect (==, !=, in, not in against dialect names, `.startswith("<dialect>")`,
// `not`, brackets); nullopt for any other condition.
std::optional<bool> true_on_postgres(Node condition, std::string_view source, int depth = 0);

}  // namespace miglint::alembic

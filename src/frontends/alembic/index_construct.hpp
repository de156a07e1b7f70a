// `CreateIndex(sa.Index(...))` and `DropIndex(sa.Index(...))`: the SQL
// SQLAlchemy's PostgreSQL dialect emits for them, when the Index's table and
// columns can be read from the file.
#pragma once

#include "alembic/construct_reader.hpp"

#include <string>

namespace miglint::alembic {

// The CREATE INDEX for `index` (an `sa.Index(...)` call, or a name bound to
// one); `if_not_exists` is CreateIndex's own flag. Empty, with `reader`
// failed, when the index cannot be read.
std::string create_index_sql(Node index, bool if_not_exists, ConstructReader& reader);

// The DROP INDEX for `index`, named in its table's schema as PostgreSQL
// looks it up; `if_exists` is DropIndex's own flag.
std::string drop_index_sql(Node index, bool if_exists, ConstructReader& reader);

}  // namespace miglint::alembic

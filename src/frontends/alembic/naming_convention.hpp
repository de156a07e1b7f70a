// SQLAlchemy's naming convention applied to what Alembic's ops create: the
// MetaData env.py passes as target_metadata names every constraint and
// index an op.create_table / op.create_* call leaves unnamed.
#pragma once

#include <miglint/migration.hpp>

#include <map>
#include <string>

namespace miglint::alembic {

// Names, by `convention` ("pk" → "pk_%(table_name)s"), the unnamed primary
// keys, unique, foreign key and check constraints and indexes that
// `migration`'s Alembic ops create (SQL strings excepted: SQLAlchemy never
// sees inside them). A check convention that needs the constraint's own name
// names nothing, as SQLAlchemy then refuses the unnamed constraint.
void name_by_convention(Migration& migration, const std::map<std::string, std::string>& convention);

}  // namespace miglint::alembic

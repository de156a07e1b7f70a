// SQLAlchemy's DDL constructs passed to execute(): `CreateSchema("x")`,
// `DropSchema("x", cascade=True)`, `CreateSequence(Sequence("s", start=10))`,
// `DropSequence(...)`, `CreateIndex(Index("ix", t.c.a))` and `DropIndex(...)`.
// Their SQL is known before run time: rendered here as SQLAlchemy's
// PostgreSQL dialect renders it, so it can be lowered exactly like the same
// SQL written in op.execute("...").
#pragma once

#include "alembic/evaluator.hpp"

#include <optional>
#include <string>

namespace miglint::alembic {

struct ConstructSql {
    std::string sql;  // the SQL the construct emits; empty when part of it cannot be read
    std::string why;  // what could not be read, when `sql` is empty (unresolved-sql shows it)
};

// The SQL of `statement` (the argument of execute(), or a name bound to one)
// when it is one of the constructs above; nullopt for anything else. Every
// argument that changes the SQL must be readable: a construct with a flag,
// option or column miglint cannot read gives `why` instead of a guess.
std::optional<ConstructSql> ddl_construct_sql(Node statement, const Evaluator& eval, const Scope& scope);

}  // namespace miglint::alembic

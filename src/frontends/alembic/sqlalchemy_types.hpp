// SQLAlchemy column types → the PostgreSQL type names the SQL front end
// produces for the same type (Integer → int4, DateTime(timezone=True) →
// timestamptz, String(20) → varchar {20}, Enum(..., name="mood") → mood).
#pragma once

#include "alembic/evaluator.hpp"

#include <miglint/operation.hpp>

#include <optional>
#include <string>
#include <vector>

namespace miglint::alembic {

// A named PostgreSQL enum that SQLAlchemy creates with the table (sa.Enum,
// postgresql.ENUM) unless `create_type=False`.
struct EnumSpec {
    QualifiedName type;
    std::vector<std::string> values;   // empty when given as a Python Enum class
    bool create_type = true;
    Span span;                         // the Enum(...) expression
};

struct ColumnType {
    TypeRef type;                      // `name` empty when the type is not one miglint knows
    std::optional<EnumSpec> enum_spec;
};

// The type `expr` denotes: a class (`sa.Integer`), a call (`sa.String(20)`),
// or a name bound to either. nullopt when `expr` is not a type at all (a
// ForeignKey, Identity, Computed or constraint passed positionally), so
// `sa.Column("a", sa.ForeignKey(...))` is read correctly.
std::optional<ColumnType> sqlalchemy_type(Node expr, const Evaluator& eval, const Scope& scope);

// `expr` builds a SQLAlchemy Enum or PostgreSQL ENUM (directly or through a name).
std::optional<EnumSpec> enum_spec_of(Node expr, const Evaluator& eval, const Scope& scope);

}  // namespace miglint::alembic

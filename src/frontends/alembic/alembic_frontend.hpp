// The Alembic front end: a revision file (`versions/*.py`) → a Migration,
// by parsing it with tree-sitter-python. The file is never imported or run.
#pragma once

#include <miglint/migration.hpp>
#include <miglint/source.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>

namespace miglint::alembic {
// The engine names of `upgrade_<engine>()` that run against PostgreSQL when
// alembic.ini names no engines: "postgresql" and "postgres".
const std::set<std::string>& default_postgres_engines();


// Parses `source` as an Alembic revision. Returns nullopt when it is not one
// (no module-level `revision =` assignment and no `def upgrade`). Otherwise
// the migration has `kind = FileKind::alembic_revision`, `runner =
// RunnerTransaction::per_file`, the metadata, and the operations of
// `upgrade()` / `downgrade()` (plus `upgrade_<engine>()` /
// `downgrade_<engine>()` for each engine in `postgres_engines`; other
// engines' variants are ignored), each with
// the span of its whole call. SQL given to op.execute() and friends is
// lowered by the SQL front end and its spans point into the string literal
// in the file (exactly, across escapes, triple quotes and implicit
// concatenation), even when the literal is a constant defined elsewhere in
// the file. SQL that cannot be read statically becomes an `Unresolved` op and
// an `unresolved-sql` diagnostic. A Python syntax error is one `syntax-error`
// diagnostic at the first error, and everything recognisable is still lowered.
std::optional<Migration> parse_revision(std::shared_ptr<const SourceText> source,
                                       const std::set<std::string>& postgres_engines = default_postgres_engines());


}  // namespace miglint::alembic

// SQLAlchemy schema constructs passed to op calls: sa.Column, sa.ForeignKey,
// the table constraints and sa.Index, lowered to the vocabulary's parts.
#pragma once

#include "alembic/call_args.hpp"
#include "alembic/evaluator.hpp"
#include "alembic/sqlalchemy_types.hpp"

#include <miglint/operation.hpp>

#include <optional>
#include <string>
#include <vector>

namespace miglint::alembic {

struct LoweredColumn {
    ColumnDef column;
    std::optional<EnumSpec> enum_spec;  // an Enum the table creation creates
    bool index = false;                 // index=True: SQLAlchemy adds CREATE INDEX
    bool unique_index = false;          // index=True with unique=True: a unique index, no constraint
    bool has_foreign_key = false;
    // sa.ForeignKey(..., use_alter=True) items, kept out of `column.constraints`:
    // op.create_table never creates them on PostgreSQL, op.add_column does.
    std::vector<Constraint> use_alter_foreign_keys;
    std::optional<bool> autoincrement;  // as written, when known
};

// `call` is sa.Column(...) (any alias); nullopt for anything else. Nullable
// follows SQLAlchemy: NOT NULL when nullable=False or primary_key=True.
std::optional<LoweredColumn> lower_column(Node call, const Evaluator& eval, const Scope& scope);

// `call` builds a foreign key marked `use_alter=True` (sa.ForeignKey or
// sa.ForeignKeyConstraint). SQLAlchemy's CREATE TABLE leaves such a constraint
// out on a database that can ALTER TABLE (DDLCompiler.create_table_constraints
// skips it when the dialect supports_alter, as PostgreSQL's does), for
// MetaData.create_all to add after every table exists; op.create_table runs
// only the CREATE TABLE and the table's indexes, so it is never created.
bool is_use_alter_foreign_key(Node call, const Evaluator& eval, const Scope& scope);

// `call` builds a table-level constraint (UniqueConstraint, CheckConstraint,
// PrimaryKeyConstraint, ForeignKeyConstraint, ExcludeConstraint); nullopt otherwise.
std::optional<Constraint> lower_constraint(Node call, const Evaluator& eval, const Scope& scope);

// `call` is sa.Index(name, *expressions, ...) inside op.create_table.
std::optional<CreateIndex> lower_index_item(Node call, const QualifiedName& table, const Evaluator& eval,
                                            const Scope& scope);

// A server_default (or existing_server_default) value: a string is a quoted
// literal, sa.text(...) raw SQL, sa.func.now() a call; nullopt for None or a
// value that is not there.
std::optional<Expression> server_default_expression(Node value, const Evaluator& eval, const Scope& scope);

// A CHECK condition: SQL text (string or sa.text) or, failing that, the
// Python expression as written.
Expression condition_expression(Node value, const Evaluator& eval, const Scope& scope);

// The keys of an index from a list or tuple of strings (columns), sa.text()
// (expressions) and sa.column(); an element that is none of these keeps its
// Python source text.
std::vector<IndexKey> index_keys(Node list, const Evaluator& eval, const Scope& scope);

// Column names or index expressions: a list or tuple of strings, sa.text()
// and sa.column(); an element that is none of these keeps its source text.
std::vector<std::string> column_names(Node list, const Evaluator& eval, const Scope& scope);

// ondelete=, onupdate=, match=, deferrable= and initially= of a call building
// a foreign key (sa.ForeignKey, sa.ForeignKeyConstraint, op.create_foreign_key),
// into `fk` as SQL words (upper-case), as SQLAlchemy renders them.
void read_foreign_key_options(const CallArgs& args, const Evaluator& eval, const Scope& scope, Constraint& fk);

// "schema.table.column" → ({schema, table}, column).
std::pair<QualifiedName, std::string> split_column_reference(const std::string& reference);

}  // namespace miglint::alembic

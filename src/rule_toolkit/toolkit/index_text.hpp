// Indexes written back out, as SQL and as Alembic calls: keys with their
// operator classes and orderings, the access method, INCLUDE and a partial
// index's WHERE kept, names quoted as PostgreSQL's quote_ident quotes them.
#pragma once

#include <miglint/rule.hpp>

#include <string>

namespace miglint {

struct IndexForm {
    bool concurrently = false;
    bool if_not_exists = false;
};

// CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table
// [USING method] (keys) [INCLUDE (...)] [WHERE ...]; — an unnamed index stays
// unnamed, so PostgreSQL gives it the name it would have given the original.
std::string create_index_sql(const CreateIndex& index, IndexForm form);

// op.create_index("name", "table", [...], schema=..., unique=True,
// postgresql_using=..., postgresql_include=[...], postgresql_where=sa.text(...),
// postgresql_concurrently=True, if_not_exists=True).
std::string create_index_alembic(const CreateIndex& index, IndexForm form);

// DROP INDEX [CONCURRENTLY] [IF EXISTS] name;
std::string drop_index_sql(const DropIndex& drop, bool concurrently);

// op.drop_index("name", table_name=..., schema=..., postgresql_concurrently=True, if_exists=True).
std::string drop_index_alembic(const DropIndex& drop, bool concurrently);

// "INDEX", "TABLE", "SCHEMA", "DATABASE" or "SYSTEM".
std::string_view reindex_keyword(ReindexOp::Target target);

// REINDEX <target> [CONCURRENTLY] name, without the semicolon (op.execute takes it so).
std::string reindex_statement(const ReindexOp& reindex, bool concurrently);

// `op` (a CreateIndex or DropIndex) built or dropped CONCURRENTLY, outside the
// transaction, in the migration's language: the SQL statement in a .sql file;
// in an Alembic revision the op.* call (or op.execute of the SQL, when the
// original was SQL) inside `with op.get_context().autocommit_block():`.
std::string concurrent_form(const Operation& op, const RuleContext& ctx);

// ADD CONSTRAINT ... UNIQUE / PRIMARY KEY (`add`) as its two safe steps: the
// unique index on its columns named `name`, to build concurrently, and the
// statement attaching it as the constraint (ALTER TABLE t ADD CONSTRAINT
// name UNIQUE USING INDEX name, without `;`).
struct IndexThenConstraint {
    CreateIndex index;
    std::string attach;
};
IndexThenConstraint index_then_constraint(const AddConstraint& add, const std::string& name);

// The fix that replaces `op`, an ADD CONSTRAINT ... UNIQUE / PRIMARY KEY
// (columns) and nothing more, by those steps under the constraint's own name
// (or the one PostgreSQL would generate), so the schema ends the same: in a
// SQL file the index built concurrently, with the file's opt-out when it
// needs one (outside_transaction), then the ALTER TABLE; in an Alembic
// revision op.create_index(..., postgresql_concurrently=True) in an
// autocommit block, then op.execute of the ALTER TABLE. Empty where a clause
// miglint does not print (DEFERRABLE, INCLUDE, WITH, USING INDEX TABLESPACE,
// an Alembic keyword other than schema=) would be lost, or the runner keeps
// the build in a transaction.
std::optional<Fix> index_then_constraint_fix(const Operation& op, const RuleContext& ctx);

}  // namespace miglint

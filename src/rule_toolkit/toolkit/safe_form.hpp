// The safe way a rule proposes, as a list of steps printed in the
// migration's own language. A rule says what to run; this file decides how
// a .sql file and an Alembic revision write it, so no rule branches on the
// front end and every rule writes Alembic's calls the same way.
#pragma once

#include <miglint/rule.hpp>

#include "toolkit/code_text.hpp"
#include "toolkit/index_text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// One statement of a safe way: the SQL (no trailing semicolon) and, where
// Alembic has a call of its own for it, that call (else op.execute(sql)).
struct Step {
    std::string sql;
    std::string alembic;
};

// A column type as SQL and as SQLAlchemy write it.
struct TypeSpelling {
    std::string sql;
    std::string sqlalchemy;
};

// `type` spelled both ways; `placeholder` ("<type>") where it is unknown or
// SQLAlchemy has no common spelling. `written_in_sqlalchemy`: the type's
// `written` text came from an Alembic call, so it is SQLAlchemy already.
TypeSpelling type_spelling(const TypeRef* type, bool written_in_sqlalchemy, const std::string& placeholder);

// Rows one batch of a backfill or delete changes, each batch its own transaction.
inline constexpr int k_batch_rows = 10000;

// UPDATE table SET `assignments` for up to k_batch_rows of the rows `where`
// selects (all rows when empty), found by ctid so each batch is a TID scan.
std::string batch_update(const QualifiedName& table, std::string_view assignments, std::string_view where);
// DELETE FROM table, the same way.
std::string batch_delete(const QualifiedName& table, std::string_view where);

// The UPDATE or DELETE `op` (a DataChange) as the user wrote it (its SET list,
// FROM or USING list and WHERE kept), changing at most k_batch_rows rows each
// time it runs, with a condition that leaves out the rows already done so that
// repeating it ends; `note` says what the user must still write, or is empty.
// An UPDATE leaves out the rows whose columns already hold their new values
// when every value is the same in each batch's transaction and reads none of
// the columns set; else a column the WHERE requires to be NULL, or one this
// migration added (NULL everywhere), set to a value that is not NULL; else a
// <placeholder> the user must fill in.
struct BatchedChange {
    std::string sql;
    std::string note;
};
BatchedChange batched_change(const Operation& op, const RuleContext& ctx);

// `op` as the user wrote it: the statement, or the op.* call in a revision;
// for a batch_op.* call, the op.* call doing the same outside the batch block.
Step as_written(const Operation& op, const RuleContext& ctx);

// Steps Alembic has its own op.* call for.
// A column a step adds. `nullable` writes Alembic's nullable=True, saying the
// column is meant to allow NULL for now.
struct NewColumn {
    std::string name;
    TypeSpelling type;
    bool nullable = false;
    bool not_null = false;
    std::string default_expression;
};
// ADD COLUMN name type [NOT NULL] [DEFAULT expression].
Step add_column_step(const QualifiedName& table, const NewColumn& column);
Step drop_column_step(const QualifiedName& table, const std::string& column);
Step rename_column_step(const QualifiedName& table, const std::string& column, const std::string& new_name);
Step set_not_null_step(const QualifiedName& table, const std::string& column, bool not_null);
Step drop_table_step(const QualifiedName& table);
Step rename_table_step(const QualifiedName& table, const std::string& new_name);
Step create_index_step(const CreateIndex& index, IndexForm form);
Step drop_index_step(const DropIndex& drop, bool concurrently);
// ADD CONSTRAINT name CHECK (condition) [NOT VALID].
Step add_check_step(const QualifiedName& table, const std::string& name, const std::string& condition, bool not_valid);
// What a foreign key does besides pointing at its table: as SQL, after
// REFERENCES table (columns) (" MATCH FULL ON DELETE CASCADE DEFERRABLE
// INITIALLY DEFERRED"), and as the keyword arguments SQLAlchemy's ForeignKey,
// ForeignKeyConstraint and Alembic's op.create_foreign_key take
// (", ondelete=\"CASCADE\", deferrable=True, initially=\"DEFERRED\""); empty
// when `key` says nothing of them.
std::string foreign_key_options_sql(const Constraint& key);
std::string foreign_key_options_python(const Constraint& key);
// REFERENCES table [(columns)] and the key's options.
std::string references_sql(const Constraint& key);
// ADD CONSTRAINT name FOREIGN KEY (columns) REFERENCES table (columns) [options] [NOT VALID].
Step add_foreign_key_step(const QualifiedName& table, const std::string& name, const Constraint& key, bool not_valid);
// DROP CONSTRAINT name; `type` is Alembic's type_ ("check", "unique", "foreignkey").
Step drop_constraint_step(const QualifiedName& table, const std::string& name, std::string_view type);
// ALTER COLUMN column SET DEFAULT expression.
Step set_default_step(const QualifiedName& table, const std::string& column, const std::string& expression);

// `step` as an Alembic line in `language` (help_language() of the operation):
// its own op.* call where the user wrote op.* calls, else op.execute(sql).
std::string alembic_call(const Step& step, HelpLanguage language);

// The steps, printed in the language help_language() picks for the
// operation: statements ending in `;` in a .sql file; in an Alembic revision
// each step's own call (or op.execute of its SQL when the user wrote SQL),
// steps that must run outside the transaction gathered in one
// `with op.get_context().autocommit_block():`, comments with `#`.
class SafeForm {
public:
    SafeForm(const Operation& op, const RuleContext& ctx);

    // A step run in the migration, with an optional trailing comment.
    SafeForm& run(const Step& step, std::string_view comment = {});
    SafeForm& run(std::string sql, std::string_view comment = {}) { return run(Step{std::move(sql), {}}, comment); }
    // A step that cannot run inside a transaction block (CONCURRENTLY, VACUUM,
    // a batched backfill committed batch by batch).
    SafeForm& run_outside_transaction(const Step& step);
    SafeForm& run_outside_transaction(std::string sql) { return run_outside_transaction(Step{std::move(sql), {}}); }
    // Steps that must commit together: in a .sql file that runs outside a
    // transaction block, between BEGIN and COMMIT; elsewhere the migration's
    // own transaction holds them.
    SafeForm& run_together(const std::vector<Step>& steps);
    // `sql` (a batch_update or batch_delete) repeated, each batch committed on
    // its own, until a batch changes fewer than k_batch_rows rows.
    SafeForm& repeat_in_batches(std::string sql);
    // A line of prose between steps, as a comment.
    SafeForm& note(std::string_view text);
    // Where the steps before must have committed: `-- commit, then:` in SQL;
    // nothing in Alembic, whose autocommit block commits what precedes it.
    SafeForm& commit();

    [[nodiscard]] std::string text() const;
    [[nodiscard]] bool alembic() const { return language_ != HelpLanguage::sql; }

private:
    HelpLanguage language_;
    bool in_transaction_;
    std::vector<std::string> lines_;
    // Alembic lines waiting to go into one autocommit block together.
    std::vector<std::string> outside_;

    std::string call(const Step& step) const;
    void add(std::string line, bool outside_transaction);
    void close_block();
};

// The words prose uses for the history's own structure.
struct UnitWords {
    std::string_view unit;    // one step of the history: "migration", "revision"
    std::string_view top;     // where a session setting goes: "at the top of the migration", "first in upgrade()"
    std::string_view runner;  // what runs it: "the migration runner", "the migration runner (env.py)"
    std::string_view outside; // where a statement goes to run outside the runner's transaction
    std::string_view model;   // where code names a column besides queries: "", " (remove it from the SQLAlchemy model)"
};
const UnitWords& unit_words(const RuleContext& ctx);

// The comment that suppresses `rule` on the next line, as the file writes
// comments: `-- miglint: ignore rule`, `# miglint: ignore[rule]`.
std::string suppression_comment(const RuleContext& ctx, std::string_view rule);

}  // namespace miglint

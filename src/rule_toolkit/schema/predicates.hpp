// Facts several rules ask about an operation or its context. Kept here so no
// rule copies another's reasoning.
#pragma once

#include <miglint/rule.hpp>
#include <miglint/sql_names.hpp>

#include "toolkit/code_text.hpp"
#include "toolkit/safe_form.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// `name` in backticks for messages.
std::string quoted(const std::string& name);
std::string quoted(const QualifiedName& name);

// The release that adds NOT NULL constraints NOT VALID and validates them
// without blocking reads and writes.
inline constexpr PgVersion k_not_null_not_valid_since{18, 0};

// A NOT NULL enforced with a scan of the table: ALTER COLUMN ... SET NOT NULL,
// or on PostgreSQL 18 and later ADD CONSTRAINT `constraint` NOT NULL `column`
// without NOT VALID (before 18 that statement fails: requires-newer-postgres).
struct NotNullScan {
    QualifiedName table;
    std::string column;
    std::string constraint;  // the constraint's name; empty for SET NOT NULL
};
std::optional<NotNullScan> not_null_scan(const Operation& op, PgVersion version);

// False for an empty name, and for one a naming convention gave through a
// token miglint cannot fill (`%(column_names)s`, a callable of the project's
// own): the object is named, but by a name no rule can compare.
bool is_known_name(std::string_view name);

// `<table>_<column>_not_null`, the name PostgreSQL 18 gives a column's NOT NULL constraint.
std::string not_null_name(const QualifiedName& table, const std::string& column);

// The steps that make `column` of `table` NOT NULL without a long lock: on
// PostgreSQL 18 a NOT NULL constraint added NOT VALID and validated after the
// commit; on 12 to 17 a CHECK (column IS NOT NULL) NOT VALID, validated, then
// SET NOT NULL (which the valid CHECK spares the scan) and the CHECK dropped;
// before 12 the CHECK alone.
SafeForm& not_null_steps(SafeForm& form, const QualifiedName& table, const std::string& column, const RuleContext& ctx);

// Those steps with their lead sentence, in the language of `op`'s migration.
std::string safe_not_null(const QualifiedName& table, const std::string& column, const Operation& op,
                          const RuleContext& ctx);

// The name PostgreSQL generates for `c` on `table` when it is unnamed, before
// any clash (makeObjectName, both parts shortened to fit 63 bytes):
// `<table>_pkey`, `<table>_<columns>_key` / `_fkey` / `_excl`, and for a CHECK
// `<table>_<column>_check` when it is one column's, else `<table>_check`.
std::string generated_constraint_name(const QualifiedName& table, const Constraint& c);

// True when `name` is another constraint's in `op` (two unnamed checks of one
// table would get the same name) or one the history recorded on `table`.
bool is_constraint_name_taken(const std::string& name, const Constraint& self, const Operation& op,
                              const QualifiedName& table, const RuleContext& ctx);

// The name PostgreSQL gives the unnamed `c` where miglint knows it exactly:
// empty for a table-level CHECK (named after the column its expression reads,
// which is not recorded) and where the name is taken by a constraint, or for
// an index-backed constraint by a relation (PostgreSQL would append a number).
std::optional<std::string> exact_generated_name(const Operation& op, const QualifiedName& table, const Constraint& c,
                                                const RuleContext& ctx);

// True when `table` exists before this migration as far as miglint can tell:
// not created earlier in this migration. Tables the history never mentions
// count as existing, since they predate the migrations miglint sees.
bool is_existing_table(const RuleContext& ctx, const QualifiedName& table);

// How volatile `expression` is as a DEFAULT: as the front end found it, and
// VOLATILE when it calls a function that is neither a built-in IMMUTABLE or
// STABLE one nor created by the history with one of those (PostgreSQL
// creates functions VOLATILE unless told otherwise).
Volatility default_volatility(const Expression& expression, const RuleContext& ctx);

// The table a schema-state key names: "app.orders" → {app, orders}, "orders" → {"", orders}.
QualifiedName table_of_key(const std::string& key);

// A column as SchemaState::columns_using_enum names it, <table key>.<column>,
// split into its table and column: "app.orders.status" → {{app, orders}, status}.
struct ColumnOfKey {
    QualifiedName table;
    std::string column;
};
ColumnOfKey column_of_key(const std::string& key);

// The size note for messages: " (about 12,000,000 rows)" for known-large tables, or "".
std::string size_note(const RuleContext& ctx, const QualifiedName& table);

// The severity for a lock finding: escalated to error on a known-large table.
Severity lock_severity(const RuleContext& ctx, const QualifiedName& table, Severity base);

// True when the text at `op.span` is the statement as written in a plain SQL
// file: not SQL inside an Alembic string (escapes may sit between its bytes),
// not a DO block's body, not in a .py file. Only there may a fix edit the SQL.
bool is_plain_sql(const Operation& op, const SourceText& source);

// The fix that moves the Alembic call at `op.span` into
// `with op.get_context().autocommit_block():` (a line opening the block at the
// call's indentation, the call's lines indented one level more, the file's
// line ending kept). Empty unless the call starts with `op.`, has its lines to
// itself (a trailing comment may follow) and holds no triple-quoted string,
// whose text re-indenting would change.
std::optional<Fix> wrap_in_autocommit_block(const Operation& op, const SourceText& source);

// The fix that names the constraint an Alembic call at `call` declares:
// `name="..."` added to sa.PrimaryKeyConstraint / UniqueConstraint /
// CheckConstraint / ForeignKeyConstraint / ForeignKey(...), or the leading
// `None` of op.create_<kind>(None, ...) replaced. Empty for any other text, a
// call that already passes name=, or one holding a comment.
std::optional<Fix> name_alembic_constraint(const SourceText& source, Span call, const std::string& name);

// Where to insert a keyword after the first occurrence of `after` (a keyword,
// case-insensitive, outside quotes) in the statement at `span`; empty when the
// source text is not plain SQL there (an Alembic string with escapes).
std::optional<std::uint32_t> offset_after_keyword(const Operation& op, const SourceText& source, std::string_view after);

// The fix that inserts " CONCURRENTLY" at `at` (in `op`'s statement), only
// where the result can run, since CONCURRENTLY inside a transaction block
// fails ("cannot run inside a transaction block"): alone outside one; with
// the file's own opt-out where outside_transaction finds one that works
// (Flyway: where every other statement of the file runs outside one too);
// else, moved into a migration of its own (Fix::split) where the layout
// takes one; else empty (no `at`, or no way out of the transaction).
std::optional<Fix> add_concurrently(const Operation& op, const RuleContext& ctx, std::optional<std::uint32_t> at);

// The fix that lets `op`, a CONCURRENTLY statement already, run outside the
// transaction block it is in: in an Alembic revision its call moved into an
// autocommit block; in a SQL file the file's opt-out, or a migration of its
// own, as add_concurrently; empty where neither works.
std::optional<Fix> run_concurrently_outside(const Operation& op, const RuleContext& ctx);

// The fix that runs `op` outside the transaction block it is in, where it
// stands: in an Alembic revision its call moved into an autocommit block; in
// a SQL file the file's opt-out (outside_transaction). Unsafe: the
// transaction structure changes. Empty where neither works.
std::optional<Fix> run_outside_where_it_stands(const Operation& op, const RuleContext& ctx);

// What ends the line at `line_end` in `text`: CRLF, CR or LF (LF at the end of the file).
std::string line_ending_at(const std::string& text, std::uint32_t line_end);

// Edits a fix needs from the runner's idiom, and what they are, for the fix's
// description ("`-- +goose NO TRANSACTION`", "an autocommit block"; "" for none).
struct RunnerEdits {
    std::vector<Edit> edits;
    std::vector<NewFile> files;  // a switch file the runner reads (Flyway's .conf, diesel's metadata.toml)
    std::string note;

    [[nodiscard]] bool empty() const { return edits.empty() && files.empty(); }
    // Adds these edits and files to `fix`, the runner's edits first.
    void add_to(Fix& fix) const;
};

// What it takes for `op`, and `added` statements a fix puts right after it,
// to run outside any transaction block, each committing on its own: nothing
// where they already would (a file the runner sends statement by statement,
// outside a BEGIN); the file's own opt-out where the runner's transaction is
// the only one and, opted out, the runner sends them one by one (goose's NO
// TRANSACTION; dbmate's transaction:false only for a section that then holds
// one statement, since dbmate sends a section as one query string); empty
// otherwise (Flyway, diesel, golang-migrate and Prisma files of several
// statements, an explicit BEGIN, a runner set in config).
std::optional<RunnerEdits> outside_transaction(const Operation& op, const RuleContext& ctx, std::size_t added);

// The edit that puts `statements` (SQL without the `;`, which it adds) after
// the statement of `op`: on lines of their own after the line its `;` ends,
// when only blanks or a comment follow the `;` there, else right after it.
// Empty when `op` is not plain SQL, no `;` ends it, or the file groups
// statements with goose's StatementBegin (the text could join a statement).
std::optional<Edit> insert_after_statement(const Operation& op, const SourceText& source,
                                           const std::vector<std::string>& statements);

// The edit that puts `statements` before the statement of `op`, each on a line
// of its own at the statement's indentation (or before it on its line, when
// something precedes it there). Empty as for insert_after_statement.
std::optional<Edit> insert_before_statement(const Operation& op, const SourceText& source,
                                            const std::vector<std::string>& statements);

// The edits that run `statements` (SQL without `;`) right after `op`, once the
// transaction `op` runs in has committed, in the migration's language and its
// runner's idiom: in an Alembic revision op.execute(...) calls after the call,
// inside `with op.get_context().autocommit_block():` when the call runs in the
// revision's transaction; in a SQL file the statements after it, with the
// file's opt-out when it needs one (outside_transaction). Empty where neither
// works: the runner would run them in `op`'s transaction.
std::optional<RunnerEdits> after_commit(const Operation& op, const RuleContext& ctx,
                                        const std::vector<std::string>& statements);

// The edits that run `before`, then `after_commit` once those have
// committed, right before `op`, and `after` right after it, in the
// migration's language: Alembic lines (op.* calls where the user wrote op.*
// calls), the committed steps in an autocommit block where `op` runs in the
// revision's transaction; in a SQL file the statements, with the file's
// opt-out so each commits on its own (outside_transaction). Empty where that
// cannot be done.
std::optional<RunnerEdits> steps_around(const Operation& op, const RuleContext& ctx, const std::vector<Step>& before,
                                        const std::vector<Step>& after_commit, const std::vector<Step>& after);

// The edits that replace the statement or call of `op` by `replacement`,
// then run `after_commit` once it has committed, in the migration's language
// as steps_around writes them. Empty where that cannot be done.
std::optional<RunnerEdits> replace_then_after_commit(const Operation& op, const RuleContext& ctx, const Step& replacement,
                                                     const std::vector<Step>& after_commit);

// The edit that puts `code` (Alembic lines, "\n" between them) on lines of
// their own after the call of `op`, at its indentation, the file's line
// ending kept; inside `with op.get_context().autocommit_block():` where `op`
// runs in the revision's transaction (the block commits it first), as it is
// where it does not (in such a block already, or a runner without a
// transaction). Empty unless the call starts with `op.`, begins its line and
// only a comment follows it.
std::optional<Edit> alembic_after_commit(const Operation& op, const SourceText& source, std::string_view code);

// The edit that puts `code` on lines of their own after the call of `op`, at
// its indentation, as it is; empty as for alembic_after_commit.
std::optional<Edit> alembic_after(const Operation& op, const SourceText& source, std::string_view code);

// `code` as it runs outside the revision's transaction at `op`: inside
// `with op.get_context().autocommit_block():` where `op` runs in it, else as it is.
std::string alembic_outside_transaction(const Operation& op, std::string_view code);

// True when `op` is the only command of its statement (not one of
// ALTER TABLE t a, b), so a fix may edit or replace the statement as a whole.
bool is_single_command(const Operation& op, const RuleContext& ctx);

// The edit that puts `code` on lines of its own before the call of `op`, at
// its indentation; empty as for alembic_after_commit.
std::optional<Edit> alembic_before(const Operation& op, const SourceText& source, std::string_view code);

// The edit that replaces the call of `op` by `code`, its lines at the call's
// indentation; empty as for alembic_after_commit.
std::optional<Edit> alembic_replace(const Operation& op, const SourceText& source, std::string_view code);

// The edit that adds `argument` (`name=value`) to the Alembic call at `call`,
// before its closing parenthesis (after a trailing comma if there is one);
// empty for a call that holds a comment or passes `name=` already.
std::optional<Edit> add_keyword_argument(const SourceText& source, Span call, std::string_view argument);

// Where to insert text right after the statement's leading `words` (upper-case
// keywords, matched case-insensitively, separated by whitespace only, as in
// {"DROP", "TABLE"}); empty when the statement does not start with them or is
// not plain SQL there (see offset_after_keyword).
std::optional<std::uint32_t> offset_after_leading_words(const Operation& op, const SourceText& source,
                                                        std::initializer_list<std::string_view> words);

// ---- spelling help in the source's language ---------------------------------

// `inner` (a part of the statement, such as a column) when it lies inside
// `op`'s span, at least one byte long; else `op.span`.
Span span_within(Span inner, const Operation& op);

// ---- column types -------------------------------------------------------------

// The byte width of an integer type: 2, 4 or 8 for int2 / int4 / int8 (serial
// columns lower to these with `ColumnDef::is_serial`); 0 for anything else,
// arrays included.
int integer_bytes(const TypeRef& type);

// "serial", "bigserial" or "smallserial" for a serial column; "" otherwise.
std::string_view serial_spelling(const ColumnDef& column);

// The type as PostgreSQL's documentation spells it, whichever front end read
// it: "integer", "bigint", "varchar(255)", "char(2)", "timestamp", "json[]".
std::string sql_type_name(const TypeRef& type);

// Where one column's type is set: a column of CREATE TABLE or ADD COLUMN
// (`column` set), or ALTER COLUMN ... TYPE (`column` null). It refers into the
// operation, which outlives it: seven rules ask this of every such operation.
struct ColumnTypeUse {
    const QualifiedName& table;
    const std::string& column_name;
    const TypeRef* type = nullptr;
    const ColumnDef* column = nullptr;
    OpKind kind = OpKind::create_table;
    bool temporary_table = false;     // CREATE TEMPORARY TABLE: gone with the session
    Span span;                        // the column (or the statement)
};

// Every column type `op` sets: each column of a CREATE TABLE, the column of
// ADD COLUMN, the new type of ALTER COLUMN ... TYPE; empty for other kinds.
std::vector<ColumnTypeUse> column_type_uses(const Operation& op);

// How a rule wants a column declared instead.
struct Retype {
    std::string sql_type;             // "text", "bigint", "timestamptz"
    std::string sqlalchemy_type;      // "sa.Text()", "sa.BigInteger()"
    // Make it an identity column (GENERATED BY DEFAULT / ALWAYS), replacing serial.
    std::optional<Identity> identity;
    // A condition to keep as a named CHECK constraint ("char_length(code) <= 2").
    std::string check;
};

// The exact declaration to use instead of `use`, as SQL or as Alembic
// (`help_language`): the column definition in CREATE TABLE, the whole
// ALTER TABLE ... ADD COLUMN / op.add_column, or ALTER COLUMN ... TYPE /
// op.alter_column with the CHECK added separately. Other constraints,
// defaults and nullability of the column are kept.
std::string retyped_declaration(const ColumnTypeUse& use, const Retype& retype, const Operation& op,
                                const RuleContext& ctx);

}  // namespace miglint

// ---- locks and slow work (schema/locks.cpp) --------------------------------
// Shared by the rules that reason about what a migration holds and for how
// long: missing-lock-timeout, missing-statement-timeout, long-lock-held,
// backfill-in-transaction (and change-column-type for the rewrite question).

namespace miglint {

// One table-level lock an operation takes. `table` is empty when the front end
// does not know it (DROP INDEX of an index the history never created);
// `target` then names it for messages ("the table of index `idx`").
struct TableLock {
    QualifiedName table;
    std::string mode;    // as PostgreSQL spells it: "ACCESS EXCLUSIVE", "SHARE", ...
    std::string target;  // `table`, quoted, for messages
};

// The other tables `table`'s foreign keys reference, as the replayed history
// knows them, each once: dropping `table` takes ACCESS EXCLUSIVE on each.
std::vector<QualifiedName> tables_its_foreign_keys_reference(const QualifiedName& table, const RuleContext& ctx);

// The table-level locks `op` takes, its own table first (PostgreSQL manual,
// "Explicit Locking", and each statement's page). Locks on objects that are
// not tables (types, schemas) and locks on tables the operation cannot name
// (DROP SCHEMA ... CASCADE, ALTER DOMAIN) are not listed.
std::vector<TableLock> table_locks(const Operation& op, const RuleContext& ctx);

// True for the modes that conflict with ordinary reads (ACCESS SHARE) or
// writes (ROW EXCLUSIVE): SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE, ACCESS EXCLUSIVE.
bool blocks_reads_or_writes(std::string_view mode);
// "reads and writes" for ACCESS EXCLUSIVE, "writes" for the other blocking modes.
std::string_view blocked_by(std::string_view mode);

// The first lock of `op` that blocks reads or writes of a table that existed
// before this migration (tables created earlier in it are unused); empty otherwise.
std::optional<TableLock> blocking_lock(const Operation& op, const RuleContext& ctx);
inline bool takes_blocking_lock(const Operation& op, const RuleContext& ctx) { return blocking_lock(op, ctx).has_value(); }

// Work that grows with the size of an existing table: a scan, a rewrite, an
// index build, an UPDATE or DELETE. `what` is a noun phrase ending before the
// table ("a rewrite of", "an index build on"). The CONCURRENTLY forms are not
// slow work here: they are slow by design and hold no blocking lock.
struct SlowWork {
    QualifiedName table;
    std::string what;
    std::string target;  // the table, quoted, for messages
};
std::optional<SlowWork> slow_work(const Operation& op, const RuleContext& ctx);

// Whether ALTER COLUMN ... TYPE rewrites the table and its indexes.
enum class Rewrite { no, yes, unknown };
// The column's type before `alter`: Alembic's existing_type=, else the replayed schema.
std::optional<TypeRef> type_before_change(const AlterColumnType& alter, const RuleContext& ctx);
// `yes` with a USING clause or a conversion outside the binary-coercible
// allow-list; `unknown` when the old type is unknown.
Rewrite type_change_rewrite(const AlterColumnType& alter, const RuleContext& ctx);

// The statement an operation came from, for messages ("ALTER TABLE", "CREATE INDEX").
std::string statement_name(const Operation& op);

// The fix that sets `setting` (lock_timeout, statement_timeout) to `value` at
// the top of the migration `ctx` checks: `SET setting = 'value';` on a line of
// its own before the first statement, after the leading comments and the
// layout's markers (`-- +goose Up`, `-- migrate:up`); in an Alembic revision
// op.execute("SET setting = 'value'") before the first operation, when that
// is a call at upgrade()'s own indentation. Unsafe: it adds a statement that
// can make the migration fail where it waited before. Empty where the first
// statement is not plain SQL, the call is nested, or the migration sets or
// resets the setting itself somewhere (where a SET belongs is then the author's call).
std::optional<Fix> set_at_top(const RuleContext& ctx, std::string_view setting, const std::string& value);

// Follows `SET [LOCAL] <setting>` through a migration's operations, so a rule
// walking them learns whether a non-zero value is in effect at each one
// without rescanning what came before: a SET LOCAL lasts until its
// transaction ends, a SET until a RESET (or a SET to 0) undoes it.
class SettingInEffect {
public:
    explicit SettingInEffect(std::string_view setting) : m_setting(setting) {}
    // Whether the setting is in effect for `op`; then takes in `op` itself.
    // Call on every operation, in order.
    bool advance(const Operation& op);

private:
    std::string_view m_setting;
    bool m_session = false;
    std::uint32_t m_local_transaction = 0;  // the transaction a SET LOCAL applies to; 0 for none
};

}  // namespace miglint

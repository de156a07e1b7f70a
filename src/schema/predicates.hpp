// Facts several rules ask about an operation or its context. Kept here so no
// rule copies another's reasoning.
#pragma once

#include <miglint/rule.hpp>
#include <miglint/sql_names.hpp>

#include "toolkit/code_text.hpp"

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

// `<table>_<column>_not_null`, the name PostgreSQL 18 gives a column's NOT NULL constraint.
std::string not_null_name(const QualifiedName& table, const std::string& column);

// How to make `column` of `table` NOT NULL without a long lock, in the
// migration's language, from the lead sentence on: on PostgreSQL 18 a NOT NULL
// constraint added NOT VALID and validated after the commit; on 12 to 17 a
// CHECK (column IS NOT NULL) NOT VALID, validated, then SET NOT NULL (which
// the valid CHECK spares the scan) and the CHECK dropped; before 12 the CHECK alone.
std::string safe_not_null(const QualifiedName& table, const std::string& column, const RuleContext& ctx);

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
// the file's own opt-out (goose's NO TRANSACTION, dbmate's transaction:false)
// when the runner's transaction is the only one; else empty (Flyway, diesel,
// a query string of several statements, an explicit BEGIN, a runner set in
// config, or no `at`).
std::optional<Fix> add_concurrently(const Operation& op, const RuleContext& ctx, std::optional<std::uint32_t> at);

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

// ---- locks and slow work (src/schema/locks.cpp) ----------------------------
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

// The operation vocabulary shared by the SQL and Alembic front ends.
//
// A front end lowers each statement (or `op.*` call) into one or more
// `Operation`s. Each records the facts a rule needs (concurrently? named?
// NOT VALID? volatile default?), never a parser tree, so a rule written once
// covers SQL and Alembic alike.
#pragma once

#include <miglint/heap_value.hpp>
#include <miglint/source.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace miglint {

// A possibly schema-qualified object name; `schema` is empty when unqualified.
// Names are stored as PostgreSQL folds them (unquoted identifiers lower-cased).
struct QualifiedName {
    std::string schema;
    std::string name;

    [[nodiscard]] bool empty() const { return name.empty(); }
    // "schema.name" or "name".
    [[nodiscard]] std::string display() const { return schema.empty() ? name : schema + "." + name; }
    friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

// A column type. `name` is the canonical PostgreSQL spelling of the base type
// ("int4", "varchar", "numeric", "timestamptz", "text", or a user type name),
// `modifiers` the typmods (varchar(20) → {20}; numeric(10,2) → {10, 2}).
struct TypeRef {
    std::string schema;
    std::string name;
    std::vector<int> modifiers;
    int array_dimensions = 0;
    // The type as written in the source, for messages ("varchar(20)").
    std::string written;

    [[nodiscard]] bool empty() const { return name.empty(); }
    friend bool operator==(const TypeRef&, const TypeRef&) = default;
};

// What a DEFAULT or USING expression is, as far as a rule cares.
enum class Volatility { none, immutable, stable, volatile_ };

struct Expression {
    std::string text;                 // source text, as written
    Volatility volatility = Volatility::immutable;
    bool is_null_constant = false;    // DEFAULT NULL
    std::vector<std::string> functions;  // functions called, lower-case, unqualified
    // String constants in the expression, unquoted ('it''s' → it's), in order.
    std::vector<std::string> strings;
    // Columns read, as PostgreSQL folds them, with the qualifier they were
    // written with ("region", "c.region"), in order; not inside subqueries.
    std::vector<std::string> columns;
    // Reads the clock the way now() and CURRENT_TIMESTAMP do: one value in a
    // transaction, another in the next.
    bool reads_clock = false;
    bool has_subquery = false;        // (SELECT ...), EXISTS (...), x IN (SELECT ...)
    Span span;
};

enum class ConstraintKind { primary_key, unique, foreign_key, check, exclusion, not_null };

// A table constraint, inline (column) or out of line.
struct Constraint {
    ConstraintKind kind = ConstraintKind::check;
    std::string name;                 // empty when the user gave none
    // Alembic's op.f("..."): a name its naming convention gave, which
    // SQLAlchemy shortens itself when it is over PostgreSQL's limit.
    bool name_from_convention = false;
    bool not_valid = false;           // ADD ... NOT VALID
    bool not_enforced = false;        // NOT ENFORCED (PostgreSQL 18): never checked, so never scans
    std::vector<std::string> columns; // key or referencing columns
    QualifiedName referenced_table;   // foreign keys
    std::vector<std::string> referenced_columns;
    std::string using_index;          // ADD CONSTRAINT ... USING INDEX name
    // Foreign keys: what the key does, as written (SQL words, upper-case);
    // empty where the user said nothing (NO ACTION, MATCH SIMPLE).
    std::string on_delete;            // "CASCADE", "SET NULL", "SET NULL (a)", "RESTRICT", ...
    std::string on_update;
    std::string match;                // "FULL", "PARTIAL"
    bool deferrable = false;          // DEFERRABLE, or implied by INITIALLY DEFERRED
    bool initially_deferred = false;  // INITIALLY DEFERRED
    HeapOptional<Expression> check;   // CHECK (expr)
    Span span;

    [[nodiscard]] bool is_named() const { return !name.empty(); }
};

// PostgreSQL 18 computes a VIRTUAL generated column when it is read; STORED
// (the only kind before 18) writes the value into every row.
enum class Generated { none, stored, virtual_ };
enum class Identity { none, always, by_default };

struct ColumnDef {
    std::string name;
    TypeRef type;
    bool not_null = false;            // NOT NULL or PRIMARY KEY
    bool primary_key = false;
    HeapOptional<Expression> default_value;  // DEFAULT / server_default
    bool has_orm_default = false;     // Alembic `default=`: never reaches the database
    Generated generated = Generated::none;
    Identity identity = Identity::none;
    bool is_serial = false;           // serial / bigserial / smallserial
    std::vector<Constraint> constraints;  // inline UNIQUE, REFERENCES, CHECK, PRIMARY KEY
    // The enum type this column uses, when the front end knows it is one.
    std::string enum_type;
    Span span;
};

// ---- operations -----------------------------------------------------------

struct CreateTable {
    QualifiedName table;
    std::vector<ColumnDef> columns;
    std::vector<Constraint> constraints;  // table-level constraints
    bool if_not_exists = false;
    bool temporary = false;
    bool as_select = false;           // CREATE TABLE AS / SELECT INTO
    bool partition_of = false;
    QualifiedName parent;             // PARTITION OF parent
};
struct DropTable {
    QualifiedName table;              // one op per table named
    bool if_exists = false;
    bool cascade = false;
};
struct RenameTable {
    QualifiedName table;
    std::string new_name;
};
struct AddColumn {
    QualifiedName table;
    ColumnDef column;
    bool if_not_exists = false;
};
struct DropColumn {
    QualifiedName table;
    std::string column;
    bool if_exists = false;
    bool cascade = false;
};
struct RenameColumn {
    QualifiedName table;
    std::string column;
    std::string new_name;
};
struct AlterColumnType {
    QualifiedName table;
    std::string column;
    TypeRef new_type;
    HeapOptional<TypeRef> old_type;   // Alembic existing_type=, when given
    HeapOptional<Expression> using_expr;
};
struct SetNotNull {
    QualifiedName table;
    std::string column;
};
struct DropNotNull {
    QualifiedName table;
    std::string column;
};
struct SetDefault {
    QualifiedName table;
    std::string column;
    HeapOptional<Expression> value;   // empty: DROP DEFAULT
};
struct AddConstraint {
    QualifiedName table;
    Constraint constraint;
};
struct ValidateConstraint {
    QualifiedName table;
    std::string name;
};
struct DropConstraint {
    QualifiedName table;
    std::string name;                 // empty: unnamed (Alembic name=None)
    bool if_exists = false;
    bool cascade = false;
};
struct RenameConstraint {
    QualifiedName table;
    std::string name;
    std::string new_name;
};
// One key of an index, enough to write the index back out.
struct IndexKey {
    std::string column;      // the column as PostgreSQL folds it; empty for an expression
    // SQL as it stands in the key list: a function call bare ("lower(email)"),
    // any other expression in parentheses ("(data->>'id')").
    std::string expression;
    std::string python;      // Alembic: the list item as written, when it is neither a name nor sa.text()
    // An expression's column name as PostgreSQL picks it (FigureIndexColname:
    // a function call's name); empty when it picks none ("expr").
    std::string figured_name;
    // What follows the key, as SQL with a leading space: collation, operator
    // class, ASC/DESC, NULLS FIRST/LAST (" text_pattern_ops DESC").
    std::string options;
};

struct CreateIndex {
    QualifiedName table;
    std::string name;                 // empty when unnamed
    bool name_from_convention = false;  // op.f("..."), as for Constraint
    std::string schema;
    std::vector<std::string> columns; // plain column keys; expressions as written
    bool unique = false;
    bool concurrently = false;
    bool if_not_exists = false;
    bool partial = false;             // WHERE ...
    HeapOptional<Expression> where;   // the WHERE predicate of a partial index, when readable
    std::string where_python;         // Alembic: postgresql_where as written, when it is not SQL text
    bool only = false;                // ON ONLY (partitioned parent)
    std::string method;               // btree, gin, ...
    std::vector<IndexKey> keys;       // the keys in order, for printing; `columns` is for matching
    std::vector<std::string> include; // INCLUDE (...) columns
};
struct DropIndex {
    QualifiedName index;              // one op per index named
    QualifiedName table;              // known for Alembic (table_name=), else empty
    bool concurrently = false;
    bool if_exists = false;
    bool cascade = false;
};
struct ReindexOp {
    enum class Target { index, table, schema, database, system } target = Target::index;
    QualifiedName name;
    bool concurrently = false;
};
struct CreateEnum {
    QualifiedName type;
    std::vector<std::string> values;
    bool if_not_exists = false;      // Alembic checkfirst=True
};
struct AlterEnumAddValue {
    QualifiedName type;
    std::string value;
    std::string neighbour;            // BEFORE/AFTER value, empty when neither
    bool before = false;
    bool if_not_exists = false;
};
struct AlterEnumRenameValue {
    QualifiedName type;
    std::string old_value;
    std::string new_value;
};
struct DropType {
    QualifiedName type;               // one op per type named
    bool if_exists = false;
    bool cascade = false;
};
// ALTER TYPE ... RENAME TO (an enum, a domain or another type).
struct RenameType {
    QualifiedName type;
    std::string new_name;
};
struct CreateDomain {
    QualifiedName domain;
    TypeRef base;
    bool has_constraint = false;
};
struct AlterDomainAddConstraint {
    QualifiedName domain;
    Constraint constraint;
};
// One `column = expression` of an UPDATE's SET list.
struct Assignment {
    std::string column;
    // The value: its text as written, empty where it cannot stand on its own
    // (SET (a, b) = ..., SET a[1] = ..., SET a = DEFAULT).
    Expression value;
};
// A part of a statement as written: the SQL, and where it stands in the file.
// The two differ where the SQL came from a Python string (escapes, quotes,
// concatenation) or a template the front end read around ({{ ... }}).
struct WrittenPart {
    std::string text;
    Span span;

    [[nodiscard]] bool empty() const { return text.empty(); }
};
// An UPDATE or DELETE in the parts it was written in, so that the same
// statement can be written back batched.
struct WrittenChange {
    WrittenPart with;                     // WITH ... before the statement, each query a SELECT
    bool only = false;                    // UPDATE ONLY t, DELETE FROM ONLY t
    WrittenPart relation;                 // the table's name
    std::string alias;                    // UPDATE t AS u: u, as PostgreSQL folds it
    WrittenPart set;                      // UPDATE: the SET list
    std::vector<Assignment> assignments;  // UPDATE: the SET list's targets in order
    WrittenPart from;                     // UPDATE ... FROM / DELETE ... USING: the list
    WrittenPart where;                    // the WHERE condition; empty when none
    // Columns the WHERE requires to be NULL (`col IS NULL` joined by AND at
    // its top), so a row leaves the WHERE once they are set.
    std::vector<std::string> null_in_where;
};
// INSERT, UPDATE or DELETE: data changes run by the migration.
struct DataChange {
    enum class Kind { insert, update, delete_ } kind = Kind::update;
    QualifiedName table;
    std::vector<std::string> columns_set;  // UPDATE SET targets, INSERT columns
    bool has_where = false;
    // String constants in the values, SET expressions and WHERE clause, unquoted, in order.
    std::vector<std::string> strings;
    // An UPDATE or DELETE as written; absent for an INSERT, for SQLAlchemy
    // Core statements (no SQL text), and for statements that cannot run again
    // on their own (a WITH query that changes data, WHERE CURRENT OF, bind parameters).
    HeapOptional<WrittenChange> written;
};
struct Truncate {
    std::vector<QualifiedName> tables;
    bool cascade = false;
};
enum class TransactionKind { begin, commit, rollback, savepoint, release, rollback_to, prepare, commit_prepared };
struct Transaction {
    TransactionKind kind = TransactionKind::begin;
};
// SET / SET LOCAL / RESET of a setting (lock_timeout, statement_timeout, ...).
struct SetSetting {
    std::string name;                 // lower-case
    std::string value;                // as written, unquoted; empty for RESET
    bool local = false;
    bool reset = false;
};
struct LockTable {
    std::vector<QualifiedName> tables;
    std::string mode;                 // "ACCESS EXCLUSIVE", ...
};
struct Vacuum {
    std::vector<QualifiedName> tables;
    bool full = false;
    bool analyze_only = false;        // ANALYZE
};
struct Cluster {
    QualifiedName table;
};
struct RefreshMatView {
    QualifiedName view;
    bool concurrently = false;
};
struct DetachPartition {
    QualifiedName table;
    QualifiedName partition;
    bool concurrently = false;
    bool finalize = false;            // DETACH PARTITION ... FINALIZE (ends an interrupted CONCURRENTLY)
};
struct AttachPartition {
    QualifiedName table;
    QualifiedName partition;
};
// An ALTER TABLE subcommand that changes nothing the rules model (ENABLE
// TRIGGER, SET (fillfactor = 70), OWNER TO, SET TABLESPACE, ...), kept for the
// lock it takes on the table and whether it rewrites the table.
struct AlterTableForm {
    QualifiedName table;
    std::string what;                 // "ENABLE TRIGGER", "SET TABLESPACE"
    std::string lock;                 // "ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", ...
    bool rewrites = false;            // SET TABLESPACE, SET LOGGED / UNLOGGED, SET ACCESS METHOD
};
struct CreateSchema {
    std::string schema;
    bool if_not_exists = false;
};
struct DropSchema {
    std::string schema;
    bool if_exists = false;
    bool cascade = false;
};
struct RenameSchema {
    std::string schema;
    std::string new_name;
};
struct DropDatabase {
    std::string database;
};
// CREATE [OR REPLACE] FUNCTION / PROCEDURE; bodies are checked for syntax only.
struct CreateFunction {
    QualifiedName function;
    std::string language;
    // IMMUTABLE, STABLE or (unsaid, PostgreSQL's default) VOLATILE.
    Volatility volatility = Volatility::volatile_;
};
// DO $$ ... $$: its statements are lowered as their own operations with
// `from_do_block` set; this op marks the block itself.
struct DoBlock {
    std::string language;
};
// A statement or call that the linter recognises but has no specific kind for.
struct Other {
    std::string what;                 // statement tag ("CREATE VIEW", "op.bulk_insert")
    // A SELECT that reads every row of this table (no WHERE, no LIMIT).
    QualifiedName reads_whole;
};
// SQL whose text the front end could not resolve (f-string, variable).
struct Unresolved {
    std::string reason;
};

// The kinds much larger than the rest are boxed (see heap_value.hpp), so an
// operation is about 200 bytes, not the 500 of the largest; `Operation::get`
// and `Operation::visit` unbox them, and the front ends assign them unboxed.
using OperationData = std::variant<
    Boxed<CreateTable>, DropTable, RenameTable, Boxed<AddColumn>, DropColumn, RenameColumn,
    Boxed<AlterColumnType>, SetNotNull, DropNotNull, SetDefault, Boxed<AddConstraint>,
    ValidateConstraint, DropConstraint, RenameConstraint, Boxed<CreateIndex>, DropIndex,
    ReindexOp, CreateEnum, AlterEnumAddValue, AlterEnumRenameValue, DropType, RenameType,
    Boxed<CreateDomain>, Boxed<AlterDomainAddConstraint>, DataChange, Truncate, Transaction,
    SetSetting, LockTable, Vacuum, Cluster, RefreshMatView, DetachPartition,
    AttachPartition, AlterTableForm, CreateSchema, DropSchema, RenameSchema, DropDatabase, CreateFunction,
    DoBlock, Other, Unresolved>;

template <class T, class Variant> struct HoldsAlternative;
template <class T, class... Kinds>
struct HoldsAlternative<T, std::variant<Kinds...>> : std::bool_constant<(std::is_same_v<T, Kinds> || ...)> {};
// True for the kinds `OperationData` keeps in a box.
template <class T> inline constexpr bool k_boxed_kind = HoldsAlternative<Boxed<T>, OperationData>::value;

// The kind of an operation: the index of its alternative in `OperationData`.
// Keep in the same order as the variant (a static_assert checks the count).
enum class OpKind : unsigned char {
    create_table, drop_table, rename_table, add_column, drop_column, rename_column,
    alter_column_type, set_not_null, drop_not_null, set_default, add_constraint,
    validate_constraint, drop_constraint, rename_constraint, create_index, drop_index,
    reindex, create_enum, alter_enum_add_value, alter_enum_rename_value, drop_type, rename_type,
    create_domain, alter_domain_add_constraint, data_change, truncate, transaction,
    set_setting, lock_table, vacuum, cluster, refresh_matview, detach_partition,
    attach_partition, alter_table_form, create_schema, drop_schema, rename_schema, drop_database, create_function,
    do_block, other, unresolved,
};
inline constexpr std::size_t k_op_kind_count = std::variant_size_v<OperationData>;
static_assert(static_cast<std::size_t>(OpKind::unresolved) + 1 == k_op_kind_count);

// The kind's name as used in docs and debug output ("create_index").
std::string_view op_kind_name(OpKind kind);

// An identifier longer than PostgreSQL's 63 bytes (NAMEDATALEN - 1), which the
// parser truncates: the names in the operation hold `truncated`, as
// PostgreSQL stores them; `written` is the identifier as the source spells it
// (case-folded like any unquoted name).
struct TruncatedIdentifier {
    std::string truncated;
    std::string written;
    friend bool operator==(const TruncatedIdentifier&, const TruncatedIdentifier&) = default;
};

// The longest identifier PostgreSQL stores, in bytes (NAMEDATALEN - 1).
inline constexpr std::size_t k_max_identifier_bytes = 63;

// `name` cut to `k_max_identifier_bytes` on a UTF-8 character boundary, as
// PostgreSQL stores it (pg_mbcliplen); `name` itself when it fits.
std::string truncated_identifier(std::string_view name);

// Where the transaction state of an operation comes from.
enum class InTransaction { no, yes };

struct Operation {
    OperationData data;
    // The whole statement (or call) in the file; findings point here unless a
    // rule has a narrower span.
    Span span;
    // The statement's index in the migration; several ops share it when one
    // statement does several things (ALTER TABLE a, b).
    std::uint32_t statement = 0;
    // Filled by the transaction pass before rules run.
    InTransaction in_transaction = InTransaction::no;
    // Index of the transaction block (0 = not in one); equal ids share a transaction.
    std::uint32_t transaction_id = 0;
    bool from_do_block = false;       // ran from a DO block or EXECUTE string
    bool from_sql_string = false;     // Alembic op.execute(...) text
    // The op.execute(...) call whose string holds this statement and no other,
    // so the call can be moved as a whole; empty otherwise.
    Span sql_call;
    bool autocommit = false;          // inside Alembic's autocommit_block(): no transaction
    // Set for a batch_op.<name>(...) call of `with op.batch_alter_table(...)`,
    // which Alembic runs when the block exits, not where it stands: the
    // op.<name>(...) call that does the same on its own, outside the block
    // (empty when Alembic has no such call).
    HeapOptional<std::string> outside_batch;
    // Identifiers of this statement that the SQL parser truncated (empty for
    // Alembic's own names, which are never truncated before PostgreSQL sees them).
    std::vector<TruncatedIdentifier> truncated_identifiers;

    [[nodiscard]] OpKind kind() const { return static_cast<OpKind>(data.index()); }
    // The data as a `T`, or null when the operation is another kind.
    template <class T> [[nodiscard]] const T* get() const {
        if constexpr (k_boxed_kind<T>) {
            const auto* box = std::get_if<Boxed<T>>(&data);
            return box != nullptr ? &box->get() : nullptr;
        } else {
            return std::get_if<T>(&data);
        }
    }
    template <class T> [[nodiscard]] const T& as() const {
        if constexpr (k_boxed_kind<T>) {
            return std::get<Boxed<T>>(data).get();
        } else {
            return std::get<T>(data);
        }
    }
    // std::visit over the data, unboxed: `f` is called with the kind's own type.
    template <class F> decltype(auto) visit(F&& f) const {
        return std::visit([&](const auto& alternative) -> decltype(auto) { return f(unboxed(alternative)); }, data);
    }
    template <class F> decltype(auto) visit(F&& f) {
        return std::visit([&](auto& alternative) -> decltype(auto) { return f(unboxed(alternative)); }, data);
    }
};

// The table an operation acts on, when it acts on exactly one; empty otherwise.
QualifiedName target_table(const Operation& op);

}  // namespace miglint

// The schema state replayed from the operations seen so far.
//
// The engine applies every upgrade operation, in migration order, after the
// rules have looked at it; a rule therefore sees the state *before* its op.
// Objects the history never created are unknown: a rule must not assume them
// absent (the table may predate the migrations miglint sees).
#pragma once

#include <miglint/operation.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace miglint {

// Index of a migration in the ordered set; `k_no_migration` for "unknown".
using MigrationIndex = std::int32_t;
inline constexpr MigrationIndex k_no_migration = -1;

struct ColumnState {
    std::string name;
    TypeRef type;
    bool not_null = false;
    bool has_default = false;
    std::string enum_type;  // lookup key of the enum type it uses, if any
    MigrationIndex created_in = k_no_migration;
    // The first migration that ran an UPDATE setting this column: its NULLs may be filled.
    MigrationIndex backfilled_in = k_no_migration;
};

struct IndexState {
    std::string name;
    std::string table;      // lookup key of the table
    std::vector<std::string> columns;
    bool unique = false;
    MigrationIndex created_in = k_no_migration;
    bool partial = false;   // WHERE ...: serves only the rows it covers
    std::string method;     // btree, hash, gin, ...
};

struct ConstraintState {
    std::string name;
    ConstraintKind kind = ConstraintKind::check;
    std::vector<std::string> columns;
    bool not_valid = false;
    MigrationIndex created_in = k_no_migration;
    QualifiedName referenced_table;  // foreign keys
};

struct TableState {
    QualifiedName name;
    std::vector<ColumnState> columns;  // in creation order
    std::vector<ConstraintState> constraints;
    MigrationIndex created_in = k_no_migration;

    [[nodiscard]] const ColumnState* column(std::string_view name) const;
    [[nodiscard]] ColumnState* column(std::string_view name);
};

struct EnumState {
    QualifiedName name;
    std::vector<std::string> values;
    MigrationIndex created_in = k_no_migration;
};

// A value ALTER TYPE ... ADD VALUE added in a transaction that has not
// committed yet: PostgreSQL refuses to use it until then.
struct UncommittedEnumValue {
    QualifiedName type;
    std::string value;
    MigrationIndex added_in = k_no_migration;
    std::string added_by;  // the path of that migration, for messages
    // The migration and transaction the value is still uncommitted in; or
    // `carried`: the transaction goes on into the next migration's first.
    MigrationIndex open_in = k_no_migration;
    std::uint32_t transaction_id = 0;
    bool carried = false;
};

// An object an earlier statement of the migration being replayed dropped.
struct DroppedObject {
    std::string by;   // "the DROP TABLE of `orders`", for messages
    Span span;        // that statement
};

class SchemaState {
public:
    // The lookup key of a name: "public" and no schema are the same.
    static std::string key(const QualifiedName& name);

    [[nodiscard]] const TableState* table(const QualifiedName& name) const;
    [[nodiscard]] const EnumState* enum_type(const QualifiedName& name) const;
    // The same for a type named in parts (a column's TypeRef), without copying them into a name.
    [[nodiscard]] const EnumState* enum_type(std::string_view schema, std::string_view name) const;
    [[nodiscard]] const IndexState* index(const QualifiedName& name) const;
    // The table, index or type that a statement of migration `migration`
    // (the one being replayed) dropped, directly or with its table; else null.
    // `kind` is "table", "index" or "type".
    [[nodiscard]] const DroppedObject* dropped(std::string_view kind, const QualifiedName& name, MigrationIndex migration) const;
    // The migration in which a type got its name from ALTER TYPE ... RENAME TO,
    // or k_no_migration: running code never saw a name this migration gave.
    [[nodiscard]] MigrationIndex type_renamed_in(const QualifiedName& name) const;
    // The volatility a function the history created was declared with, by its
    // unqualified lower-case name; none when the history created no such function.
    [[nodiscard]] std::optional<Volatility> function_volatility(std::string_view name) const;
    // Columns of any table that use enum type `type`, as "table.column".
    [[nodiscard]] std::vector<std::string> columns_using_enum(const QualifiedName& type) const;
    // The indexes of the table `table`, in the order of their lookup keys.
    [[nodiscard]] std::vector<const IndexState*> indexes_on(const QualifiedName& table) const;

    // Lookup keys (as `key` makes them) of the objects a subset keeps.
    struct Names {
        std::set<std::string> tables;
        std::set<std::string> indexes;
        std::set<std::string> enums;
        std::set<std::string> functions;  // called by a DEFAULT
        // Also keep every table with a column of a kept enum type, so that
        // `columns_using_enum` answers as the whole schema would.
        bool enum_users = false;
        // Adds the tables, indexes and enum types `op` names.
        void add(const Operation& op);
    };
    // A copy holding only the objects `names` lists: the tables, their indexes
    // and the named ones, the enums named and those the tables' columns use.
    // Enough to replay one migration that names only those objects, without
    // copying the whole history for every migration.
    [[nodiscard]] SchemaState subset(const Names& names) const;

    // Records the effect of `op`, run by migration `migration`. An index
    // created without a name is recorded under the name PostgreSQL gives it
    // (`<table>_<columns>_idx`, with a number appended on a clash).
    void apply(const Operation& op, MigrationIndex migration);
    // Ends the migration being replayed (at `path`): its open transaction
    // commits, unless `transaction_continues` (Alembic's one transaction per run).
    void end_migration(bool transaction_continues, const std::string& path);
    // Enum values added in a transaction that is still open when `op` of
    // migration `migration` runs (in that transaction), from earlier migrations.
    [[nodiscard]] std::vector<const UncommittedEnumValue*> uncommitted_from_earlier(const Operation& op,
                                                                                   MigrationIndex migration) const;

private:
    void track_uncommitted_values(const Operation& op, MigrationIndex migration);
    // Recomputes the two lookups below from the tables and indexes.
    void rebuild_lookups();
    void note_enum_users(const std::string& table_key, const TableState& table);
    void rename_type(const RenameType& rename, MigrationIndex migration);
    void note_dropped(std::string_view kind, const std::string& key, DroppedObject what, MigrationIndex migration);
    void forget_dropped(std::string_view kind, const std::string& key);

    // Hashed by lookup key, found by a string_view without building a key:
    // a long history's schema is too big for a tree's lookups to stay in cache.
    // Nothing iterates these where order would show (lists come from the sets).
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
    };
    template <class Value>
    using KeyMap = std::unordered_map<std::string, Value, KeyHash, std::equal_to<>>;

    KeyMap<TableState> m_tables;
    KeyMap<EnumState> m_enums;
    KeyMap<IndexState> m_indexes;
    KeyMap<Volatility> m_functions;
    KeyMap<MigrationIndex> m_types_renamed_in;
    // What the statements of migration m_dropped_in dropped, keyed "<kind>:<key>";
    // cleared when a later migration drops something.
    KeyMap<DroppedObject> m_dropped;
    MigrationIndex m_dropped_in = k_no_migration;
    // Lookups that keep a long history linear: per table key, the keys of its
    // indexes (in key order); per enum key, the tables with a column of that
    // type (likewise). Both may hold stale keys (a dropped index, a column since
    // retyped), never miss one, so readers check the entry they reach.
    KeyMap<std::set<std::string>> m_table_indexes;
    KeyMap<std::set<std::string>> m_enum_users;
    std::vector<UncommittedEnumValue> m_uncommitted_values;
};

}  // namespace miglint

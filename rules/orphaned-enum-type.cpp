// DROP TABLE or DROP COLUMN that removes the last column using an enum type,
// without DROP TYPE: the type stays behind, and creating it again fails with
// "type ... already exists" (PostgreSQL manual, "DROP TABLE": "DROP TABLE
// always removes any indexes, rules, triggers, and constraints that exist for
// the target table", not the types its columns use; "CREATE TYPE").
// No lock claim: the hazard is a failed migration, not blocking.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <map>

namespace miglint::rules {
namespace {

// Which migration's work the dropped column undoes.
enum class Direction { upgrade, downgrade };

// Whether the rule follows `type`. Upgrades: every type the replayed history
// created, in this migration or an earlier one (the `DROP TYPE` belongs to
// whichever migration drops its last column). Downgrades: only types this
// migration's upgrade created, since an earlier migration's downgrade drops
// its own types. Types the history never created are unknown: silent.
bool is_followed(const EnumState& type, MigrationIndex current, Direction direction) {
    if (type.created_in == k_no_migration) return false;
    return direction == Direction::upgrade ? type.created_in <= current : type.created_in == current;
}

QualifiedName name_of_key(const std::string& key) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) return {"", key};
    return {key.substr(0, dot), key.substr(dot + 1)};
}

// The enum type key a column definition uses (Alembic names it; SQL names the type only).
std::string enum_key_of(const ColumnDef& def) {
    return SchemaState::key({def.type.schema, def.enum_type.empty() ? def.type.name : def.enum_type});
}

// True when an operation after `position` drops the type, or gives a column that type again.
bool handled_later(const std::string& type_key, const std::vector<Operation>& ops, std::size_t position) {
    for (std::size_t i = position + 1; i < ops.size(); ++i) {
        const auto& op = ops[i];
        if (const auto* drop = op.get<DropType>(); drop != nullptr && SchemaState::key(drop->type) == type_key) return true;
        if (const auto* drop = op.get<DropSchema>(); drop != nullptr && type_key.starts_with(drop->schema + ".")) return true;
        if (const auto* add = op.get<AddColumn>(); add != nullptr && enum_key_of(add->column) == type_key) return true;
        if (const auto* create = op.get<CreateTable>()) {
            for (const auto& def : create->columns) {
                if (enum_key_of(def) == type_key) return true;
            }
        }
        if (const auto* alter = op.get<AlterColumnType>();
            alter != nullptr && SchemaState::key({alter->new_type.schema, alter->new_type.name}) == type_key) {
            return true;
        }
    }
    return false;
}

struct Scope {
    const Migration& migration;
    MigrationIndex index;
    const std::vector<Operation>& ops;
    std::size_t position;
    const SchemaState& schema;
    Direction direction;
};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + quoted(item);
    return out;
}

std::string safe_way(const EnumState& type, bool alembic) {
    const auto drop = "DROP TYPE " + quote_qualified(type.name);
    if (alembic) {
        return "drop the type after its last column:\n" + alembic_execute(drop) + "\n(or sa.Enum(name=" +
               python_string(type.name.name) + alembic_schema(type.name) + ").drop(op.get_bind()))";
    }
    return "drop the type after its last column:\n" + drop + ";";
}

std::string consequence(const EnumState& type, const Scope& scope) {
    const auto fails = " fails with `type \"" + type.name.name + "\" already exists`";
    if (scope.direction == Direction::downgrade) return "so running this migration's upgrade again" + fails;
    if (type.created_in == scope.index) return "so re-running this migration" + fails;
    return "so creating the type again (CREATE TYPE, or op.create_table with sa.Enum(name=\"" + type.name.name + "\"))" + fails;
}

// Reports each enum type whose last users are `dropped` ("table.column" keys) by `op`.
void check_drop(const Operation& op, const std::string& what, const std::string& table_key,
                const std::vector<const ColumnState*>& dropped, const Scope& scope, Reporter& out) {
    std::map<std::string, std::vector<std::string>> by_type;  // type key → "table.column" dropped
    for (const auto* column : dropped) {
        if (!column->enum_type.empty()) by_type[column->enum_type].push_back(table_key + "." + column->name);
    }
    for (const auto& [type_key, columns] : by_type) {
        const auto* type = scope.schema.enum_type(name_of_key(type_key));
        // A type the history never created (or a domain) is not ours to judge.
        if (type == nullptr || !is_followed(*type, scope.index, scope.direction)) continue;
        auto remaining = scope.schema.columns_using_enum(type->name);
        const auto& gone = columns;  // clang 14 cannot capture a structured binding
        std::erase_if(remaining, [&](const std::string& c) { return std::find(gone.begin(), gone.end(), c) != gone.end(); });
        // Another column still uses the type: it is not orphaned.
        if (!remaining.empty()) continue;
        // A later DROP TYPE (or a new column of that type) in the same migration settles it.
        if (handled_later(type_key, scope.ops, scope.position)) continue;
        out.report(op.span, what + " leaves enum type " + quoted(type->name) + " behind with no column using it (it served " +
                                joined(columns) + "), " + consequence(*type, scope))
            .help(safe_way(*type, scope.migration.kind == FileKind::alembic_revision));
    }
}

void check_op(const Operation& op, const Scope& scope, Reporter& out) {
    if (const auto* drop = op.get<DropTable>()) {
        const auto* table = scope.schema.table(drop->table);
        // A table the history never created: its columns' types are unknown.
        if (table == nullptr) return;
        std::vector<const ColumnState*> dropped;
        for (const auto& column : table->columns) dropped.push_back(&column);
        check_drop(op, "dropping table " + quoted(drop->table), SchemaState::key(drop->table), dropped, scope, out);
        return;
    }
    const auto& drop = op.as<DropColumn>();
    const auto* table = scope.schema.table(drop.table);
    const auto* column = table != nullptr ? table->column(drop.column) : nullptr;
    // A column the history never created: its type is unknown.
    if (column == nullptr) return;
    check_drop(op, "dropping column " + quoted(drop.table.display() + "." + drop.column), SchemaState::key(drop.table),
               {column}, scope, out);
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    check_op(op, {ctx.migration(), ctx.migration_index(), ctx.operations(), ctx.position(), ctx.schema(), Direction::upgrade},
             out);
}

// The downgrade undoes this migration's upgrade: it runs on the schema the
// upgrade leaves, and must drop the types the upgrade created.
void check_downgrade(const Migration& migration, const MigrationContext& ctx, Reporter& out) {
    const auto drops_something = std::any_of(migration.downgrade.begin(), migration.downgrade.end(), [](const Operation& op) {
        return op.kind() == OpKind::drop_table || op.kind() == OpKind::drop_column;
    });
    // Nothing dropped, nothing orphaned: skip replaying the upgrade.
    if (!drops_something) return;
    // Only what the two directions name, and every user of their enum types:
    // copying the whole history for each migration would make it quadratic.
    SchemaState::Names names;
    names.enum_users = true;
    for (const auto& op : migration.upgrade) names.add(op);
    for (const auto& op : migration.downgrade) names.add(op);
    SchemaState schema = ctx.schema_before().subset(names);
    for (const auto& op : migration.upgrade) schema.apply(op, ctx.index());
    for (std::size_t position = 0; position < migration.downgrade.size(); ++position) {
        const auto& op = migration.downgrade[position];
        if (op.kind() == OpKind::drop_table || op.kind() == OpKind::drop_column) {
            check_op(op, {migration, ctx.index(), migration.downgrade, position, schema, Direction::downgrade}, out);
        }
        schema.apply(op, ctx.index());
    }
}

}  // namespace

const Rule& orphaned_enum_type() {
    static const Rule rule{
        .id = "orphaned-enum-type",
        .summary = "Dropping the last table or column that uses an enum type without DROP TYPE leaves the type behind, so creating it again fails.",
        .default_severity = Severity::warning,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::drop_table, OpKind::drop_column},
        .check = &check,
        .check_migration = &check_downgrade,
        .tags = {"alembic", "reversibility"},
    };
    return rule;
}

}  // namespace miglint::rules

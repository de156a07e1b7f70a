// An object that a migration's upgrade creates and its downgrade (Alembic
// downgrade(), a SQL down file or section) leaves in place. A drop the
// downgrade makes in an order that fails (a table first, then one of its
// indexes) is already-dropped's finding, which checks downgrades too. PostgreSQL manual, "DROP TABLE": "DROP TABLE always
// removes any indexes, rules, triggers, and constraints that exist for the
// target table"; "ALTER TABLE ... DROP COLUMN": "Indexes and table constraints
// involving the column will be automatically dropped as well".
// No lock claim: the hazard is a rollback that fails or leaves objects behind.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace miglint::rules {
namespace {

// Names written without a schema match any schema: Alembic ops often give the
// schema on one side only.
bool same_schema(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }
bool same_name(const QualifiedName& a, const QualifiedName& b) { return a.name == b.name && same_schema(a.schema, b.schema); }

enum class ObjectKind { table, column, index, constraint, enum_type };

// One object an upgrade operation creates.
struct Created {
    ObjectKind kind = ObjectKind::table;
    QualifiedName table;              // the table it belongs to (tables: itself)
    std::string name;                 // column, index, constraint or type name
    QualifiedName type;               // enum types
    std::vector<std::string> columns; // index and constraint columns
    const Operation* op = nullptr;    // where it is created
};

std::string describe(const Created& c) {
    switch (c.kind) {
    case ObjectKind::table: return "table " + quoted(c.table);
    case ObjectKind::column: return "column " + quoted(c.table.display() + "." + c.name);
    case ObjectKind::index: return "index " + quoted(c.name);
    case ObjectKind::constraint: return "constraint " + quoted(c.name);
    case ObjectKind::enum_type: return "enum type " + quoted(c.type);
    }
    return {};
}

std::string drop_statement(const Created& c) {
    const auto table = quote_qualified(c.table);
    switch (c.kind) {
    case ObjectKind::table: return "DROP TABLE " + table + ";";
    case ObjectKind::column: return "ALTER TABLE " + table + " DROP COLUMN " + quote_ident(c.name) + ";";
    case ObjectKind::index: return "DROP INDEX " + quote_qualified({c.table.schema, c.name}) + ";";
    case ObjectKind::constraint: return "ALTER TABLE " + table + " DROP CONSTRAINT " + quote_ident(c.name) + ";";
    case ObjectKind::enum_type: return "DROP TYPE " + quote_qualified(c.type) + ";";
    }
    return {};
}

std::string drop_call(const Created& c, bool alembic) {
    if (!alembic) return drop_statement(c);
    const auto table = python_string(c.table.name);
    const auto schema = alembic_schema(c.table);
    switch (c.kind) {
    case ObjectKind::table: return "op.drop_table(" + table + schema + ")";
    case ObjectKind::column: return "op.drop_column(" + table + ", " + python_string(c.name) + schema + ")";
    case ObjectKind::index: return "op.drop_index(" + python_string(c.name) + ", table_name=" + table + schema + ")";
    case ObjectKind::constraint: return "op.drop_constraint(" + python_string(c.name) + ", " + table + schema + ")";
    case ObjectKind::enum_type: return "sa.Enum(name=" + python_string(c.type.name) + alembic_schema(c.type) + ").drop(op.get_bind())";
    }
    return {};
}

bool matches(const Created& c, const Created& other) {
    if (c.kind != other.kind) return false;
    if (c.kind == ObjectKind::enum_type) return same_name(c.type, other.type);
    if (c.kind == ObjectKind::table) return same_name(c.table, other.table);
    if (c.kind == ObjectKind::index) return c.name == other.name && same_schema(c.table.schema, other.table.schema);
    return c.name == other.name && same_name(c.table, other.table);
}

void add_created(const Operation& op, std::vector<Created>& created) {
    if (const auto* create = op.get<CreateTable>()) {
        created.push_back({ObjectKind::table, create->table, {}, {}, {}, &op});
    } else if (const auto* add = op.get<AddColumn>()) {
        created.push_back({ObjectKind::column, add->table, add->column.name, {}, {}, &op});
    } else if (const auto* index = op.get<CreateIndex>(); index != nullptr && is_known_name(index->name)) {
        created.push_back({ObjectKind::index, index->table, index->name, {}, index->columns, &op});
    } else if (const auto* constraint = op.get<AddConstraint>();
               constraint != nullptr && is_known_name(constraint->constraint.name)) {
        created.push_back(
            {ObjectKind::constraint, constraint->table, constraint->constraint.name, {}, constraint->constraint.columns, &op});
    } else if (const auto* type = op.get<CreateEnum>()) {
        created.push_back({ObjectKind::enum_type, {}, {}, type->type, {}, &op});
    }
}

// The object a drop operation removes by name, if it is one the rule tracks.
std::optional<Created> dropped(const Operation& op) {
    if (const auto* drop = op.get<DropTable>()) return Created{ObjectKind::table, drop->table, {}, {}, {}, &op};
    if (const auto* drop = op.get<DropColumn>()) return Created{ObjectKind::column, drop->table, drop->column, {}, {}, &op};
    if (const auto* drop = op.get<DropIndex>()) {
        return Created{ObjectKind::index, drop->table, drop->index.name, {}, {}, &op};
    }
    if (const auto* drop = op.get<DropConstraint>()) return Created{ObjectKind::constraint, drop->table, drop->name, {}, {}, &op};
    if (const auto* drop = op.get<DropType>()) return Created{ObjectKind::enum_type, {}, {}, drop->type, {}, &op};
    return std::nullopt;
}

// Follows `op` if it renames `c` (or the table `c` belongs to): the name the
// object has from then on is what a later drop must name.
void follow_rename(const Operation& op, Created& c) {
    if (const auto* table = op.get<RenameTable>()) {
        if (c.kind != ObjectKind::enum_type && same_name(c.table, table->table)) c.table.name = table->new_name;
    } else if (const auto* column = op.get<RenameColumn>(); column != nullptr && same_name(c.table, column->table)) {
        if (c.kind == ObjectKind::column && c.name == column->column) c.name = column->new_name;
        std::replace(c.columns.begin(), c.columns.end(), column->column, column->new_name);
    } else if (const auto* constraint = op.get<RenameConstraint>()) {
        if (c.kind == ObjectKind::constraint && same_name(c.table, constraint->table) && c.name == constraint->name) {
            c.name = constraint->new_name;
        }
    } else if (const auto* type = op.get<RenameType>()) {
        if (c.kind == ObjectKind::enum_type && same_name(c.type, type->type)) c.type.name = type->new_name;
    }
}

// True when downgrade `op` drops a table or column that upgrade() created
// with enum type `type`.
bool uses_enum_dropped(const Operation& op, const QualifiedName& type, const std::vector<Operation>& upgrade) {
    const auto* drop_table = op.get<DropTable>();
    const auto* drop_column = op.get<DropColumn>();
    if (drop_table == nullptr && drop_column == nullptr) return false;
    for (const auto& up : upgrade) {
        if (const auto* create = up.get<CreateTable>(); create != nullptr && drop_table != nullptr &&
                                                        same_name(create->table, drop_table->table)) {
            for (const auto& def : create->columns) {
                if (def.enum_type == type.name) return true;
            }
        }
        if (const auto* add = up.get<AddColumn>(); add != nullptr && drop_column != nullptr &&
                                                   same_name(add->table, drop_column->table) &&
                                                   add->column.name == drop_column->column && add->column.enum_type == type.name) {
            return true;
        }
    }
    return false;
}

// True when the downgrade removes `c`: by name, with its table, with its
// column (indexes and constraints on a dropped column go with it), with its
// schema, or, for an enum type, with the table or column that uses it (a type
// left behind then is orphaned-enum-type's finding).
bool removed_by(const Created& created, const std::vector<Operation>& downgrade, const std::vector<Operation>& upgrade) {
    // The downgrade may rename it first (back into its old place, say) and drop it by that name.
    Created c = created;
    for (const auto& op : downgrade) {
        follow_rename(op, c);
        if (const auto drop = dropped(op); drop && matches(c, *drop)) return true;
        if (const auto* schema = op.get<DropSchema>(); schema != nullptr && !schema->schema.empty()) {
            const auto& of = c.kind == ObjectKind::enum_type ? c.type.schema : c.table.schema;
            if (of == schema->schema) return true;
        }
        if (c.kind == ObjectKind::enum_type) {
            if (uses_enum_dropped(op, c.type, upgrade)) return true;
            continue;
        }
        if (c.kind == ObjectKind::table) continue;
        if (const auto* drop = op.get<DropTable>(); drop != nullptr && same_name(drop->table, c.table)) return true;
        if (const auto* drop = op.get<DropColumn>(); drop != nullptr && same_name(drop->table, c.table) &&
                                                      std::find(c.columns.begin(), c.columns.end(), drop->column) != c.columns.end()) {
            return true;
        }
    }
    return false;
}

// "downgrade() of revision `abc`", or where a SQL migration's down direction lives.
std::string downgrade_of(const Migration& migration) {
    if (migration.kind == FileKind::alembic_revision) {
        return "downgrade() of " + (migration.revision.revision.empty() ? std::string("this revision")
                                                                        : "revision " + quoted(migration.revision.revision));
    }
    return migration.downgrade_place.empty() ? std::string("the down migration") : migration.downgrade_place;
}

void check(const Migration& migration, const MigrationContext& /*ctx*/, Reporter& out) {
    const bool alembic = migration.kind == FileKind::alembic_revision;
    const std::string upgrade_name = alembic ? "upgrade()" : "the up migration";
    // An absent, empty or raising downgrade is missing-downgrade's finding.
    if (migration.downgrade_shape != DowngradeShape::present) return;
    // SQL miglint cannot read may drop anything: the rule does not guess.
    for (const auto& op : migration.downgrade) {
        if (op.kind() == OpKind::unresolved) return;
    }

    // Objects upgrade() creates and does not drop again itself, under the
    // names they have at its end. One it drops and creates again under the
    // same name (a constraint redefined) existed before: the downgrade need
    // not remove it, and the upgrade can run again over it.
    std::vector<Created> created;
    std::vector<Created> redefined;
    for (const auto& op : migration.upgrade) {
        if (const auto drop = dropped(op)) {
            const auto before = created.size();
            std::erase_if(created, [&](const Created& c) { return matches(c, *drop); });
            if (created.size() == before) redefined.push_back(*drop);
            continue;
        }
        for (auto& c : created) follow_rename(op, c);
        add_created(op, created);
    }
    // Created, or renamed, into the place of something it dropped: a swap (a
    // column retyped through a new one), which an upgrade run again also does.
    std::erase_if(created, [&](const Created& c) {
        return std::any_of(redefined.begin(), redefined.end(), [&](const Created& d) { return matches(c, d); });
    });

    // Tables first, so a create_table call the downgrade forgets is reported as the table.
    std::stable_partition(created.begin(), created.end(), [](const Created& c) { return c.kind == ObjectKind::table; });
    std::vector<Span> reported;
    for (const auto& c : created) {
        if (removed_by(c, migration.downgrade, migration.upgrade)) continue;
        // One finding per upgrade call: create_table's enum types and indexes share its span.
        if (std::find(reported.begin(), reported.end(), c.op->span) != reported.end()) continue;
        // An index or constraint of a table created above goes with that table.
        if (c.kind != ObjectKind::table && c.kind != ObjectKind::enum_type) {
            const bool table_reported = std::any_of(created.begin(), created.end(), [&](const Created& t) {
                return t.kind == ObjectKind::table && same_name(t.table, c.table) &&
                       !removed_by(t, migration.downgrade, migration.upgrade);
            });
            if (table_reported) continue;
        }
        reported.push_back(c.op->span);
        out.report(c.op->span, downgrade_of(migration) + " does not remove " + describe(c) + " that " + upgrade_name +
                                    " creates, so after a downgrade the next upgrade fails with \"already exists\"")
            .help("remove it in " + (alembic ? std::string("downgrade()") : downgrade_of(migration)) + ", undoing " +
                  upgrade_name + " in reverse order:\n" + drop_call(c, alembic));
    }
}

}  // namespace

const Rule& downgrade_not_mirror() {
    static const Rule rule{
        .id = "downgrade-not-mirror",
        .summary = "A downgrade (Alembic downgrade(), a SQL down file or section) leaves an object the upgrade creates.",
        .default_severity = Severity::warning,
        .check_migration = &check,
        .tags = {"alembic", "rollback"},
    };
    return rule;
}

}  // namespace miglint::rules

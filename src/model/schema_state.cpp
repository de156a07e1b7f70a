#include <miglint/schema.hpp>
#include <miglint/sql_names.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

namespace miglint {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
// Clang 14 (the fuzz build) does not deduce aggregate template arguments by itself.
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// `map`'s entry for `name`. The key is the name itself when it has no schema
// or public (nearly always), and then is looked up without building it.
template <class Map>
auto find_by_name(Map& map, std::string_view schema, std::string_view name) {
    if (schema.empty() || schema == "public") return map.find(name);
    return map.find(std::string(schema) + "." + std::string(name));
}

template <class Map>
auto find_by_name(Map& map, const QualifiedName& name) {
    return find_by_name(map, name.schema, name.name);
}

std::string table_key_of_index(const QualifiedName& table, const std::string& name) {
    return SchemaState::key({table.schema, name});
}

// PostgreSQL's name for an unnamed index (ChooseIndexName in
// src/backend/commands/indexcmds.c), with 1, 2, ... appended to the label on a clash.
template <class Indexes>
std::string generated_index_name(const CreateIndex& create, const Indexes& indexes) {
    if (create.table.empty()) return {};
    for (int clash = 0;; ++clash) {
        auto name = miglint::generated_index_name(create, clash);
        if (indexes.count(table_key_of_index(create.table, name)) == 0) return name;
    }
}

}  // namespace

const ColumnState* TableState::column(std::string_view wanted) const {
    const auto it = std::find_if(columns.begin(), columns.end(), [&](const ColumnState& c) { return c.name == wanted; });
    return it == columns.end() ? nullptr : &*it;
}

ColumnState* TableState::column(std::string_view wanted) {
    return const_cast<ColumnState*>(std::as_const(*this).column(wanted));
}

std::string SchemaState::key(const QualifiedName& name) {
    if (name.schema.empty() || name.schema == "public") return name.name;
    return name.schema + "." + name.name;
}

const TableState* SchemaState::table(const QualifiedName& name) const {
    const auto it = find_by_name(m_tables, name);
    return it == m_tables.end() ? nullptr : &it->second;
}

const EnumState* SchemaState::enum_type(const QualifiedName& name) const { return enum_type(name.schema, name.name); }

const EnumState* SchemaState::enum_type(std::string_view schema, std::string_view name) const {
    if (m_enums.empty()) return nullptr;  // as in most histories: asked per column, it then hashes no name
    const auto it = find_by_name(m_enums, schema, name);
    return it == m_enums.end() ? nullptr : &it->second;
}

const DroppedObject* SchemaState::dropped(std::string_view kind, const QualifiedName& name, MigrationIndex migration) const {
    if (m_dropped.empty() || m_dropped_in != migration) return nullptr;
    const auto it = m_dropped.find(std::string(kind) + ":" + key(name));
    return it == m_dropped.end() ? nullptr : &it->second;
}

void SchemaState::forget_dropped(std::string_view kind, const std::string& object_key) {
    if (!m_dropped.empty()) m_dropped.erase(std::string(kind) + ":" + object_key);
}

void SchemaState::note_dropped(std::string_view kind, const std::string& object_key, DroppedObject what, MigrationIndex migration) {
    if (m_dropped_in != migration) {
        m_dropped.clear();
        m_dropped_in = migration;
    }
    m_dropped.insert_or_assign(std::string(kind) + ":" + object_key, std::move(what));
}

MigrationIndex SchemaState::type_renamed_in(const QualifiedName& name) const {
    if (m_types_renamed_in.empty()) return k_no_migration;
    const auto it = find_by_name(m_types_renamed_in, name);
    return it == m_types_renamed_in.end() ? k_no_migration : it->second;
}

std::optional<Volatility> SchemaState::function_volatility(std::string_view name) const {
    if (m_functions.empty()) return std::nullopt;
    const auto it = m_functions.find(name);
    if (it == m_functions.end()) return std::nullopt;
    return it->second;
}

const IndexState* SchemaState::index(const QualifiedName& name) const {
    const auto it = find_by_name(m_indexes, name);
    return it == m_indexes.end() ? nullptr : &it->second;
}

std::vector<const IndexState*> SchemaState::indexes_on(const QualifiedName& table) const {
    std::vector<const IndexState*> out;
    const auto wanted = key(table);
    const auto keys = m_table_indexes.find(wanted);
    if (keys == m_table_indexes.end()) return out;
    for (const auto& index_key : keys->second) {
        const auto it = m_indexes.find(index_key);
        if (it != m_indexes.end() && it->second.table == wanted) out.push_back(&it->second);
    }
    return out;
}

void SchemaState::Names::add(const Operation& op) {
    if (const auto table = target_table(op); !table.empty()) tables.insert(key(table));
    const auto add_column_type = [&](const ColumnDef& def) {
        // SQL names the type only, Alembic the enum too: either may be an enum the history created.
        enums.insert(key({def.type.schema, def.type.name}));
        if (!def.enum_type.empty()) enums.insert(key({def.type.schema, def.enum_type}));
        if (def.default_value) functions.insert(def.default_value->functions.begin(), def.default_value->functions.end());
    };
    op.visit(Overloaded{
                   [&](const CreateTable& create) {
                       for (const auto& def : create.columns) add_column_type(def);
                   },
                   [&](const AddColumn& add) { add_column_type(add.column); },
                   [&](const AlterColumnType& alter) { enums.insert(key({alter.new_type.schema, alter.new_type.name})); },
                   [&](const RenameTable& rename) { tables.insert(key({rename.table.schema, rename.new_name})); },
                   [&](const DropIndex& drop) { indexes.insert(key(drop.index)); },
                   [&](const ReindexOp& reindex) { indexes.insert(key(reindex.name)); },
                   [&](const CreateEnum& create) { enums.insert(key(create.type)); },
                   [&](const AlterEnumAddValue& add) { enums.insert(key(add.type)); },
                   [&](const AlterEnumRenameValue& rename) { enums.insert(key(rename.type)); },
                   [&](const DropType& drop) { enums.insert(key(drop.type)); },
                   [&](const RenameType& rename) {
                       enums.insert(key(rename.type));
                       enums.insert(key({rename.type.schema, rename.new_name}));
                       enum_users = true;
                   },
                   [](const auto&) {},
               });
}

SchemaState SchemaState::subset(const Names& names) const {
    SchemaState out;
    auto tables = names.tables;
    auto enums = names.enums;
    for (const auto& table_key : names.tables) {
        const auto it = m_tables.find(table_key);
        if (it == m_tables.end()) continue;
        for (const auto& column : it->second.columns) {
            if (!column.enum_type.empty()) enums.insert(column.enum_type);
        }
    }
    if (names.enum_users) {
        for (const auto& enum_key : enums) {
            if (const auto users = m_enum_users.find(enum_key); users != m_enum_users.end()) {
                tables.insert(users->second.begin(), users->second.end());
            }
        }
    }
    for (const auto& table_key : tables) {
        const auto it = m_tables.find(table_key);
        if (it == m_tables.end()) continue;
        out.m_tables.insert(*it);
        const auto keys = m_table_indexes.find(table_key);
        if (keys == m_table_indexes.end()) continue;
        for (const auto& index_key : keys->second) {
            const auto index = m_indexes.find(index_key);
            if (index != m_indexes.end() && index->second.table == table_key) out.m_indexes.insert(*index);
        }
    }
    for (const auto& index_key : names.indexes) {
        if (const auto it = m_indexes.find(index_key); it != m_indexes.end()) out.m_indexes.emplace(index_key, it->second);
    }
    for (const auto& enum_key : enums) {
        if (const auto it = m_enums.find(enum_key); it != m_enums.end()) out.m_enums.insert(*it);
    }
    for (const auto& enum_key : enums) {
        if (const auto it = m_types_renamed_in.find(enum_key); it != m_types_renamed_in.end()) out.m_types_renamed_in.insert(*it);
    }
    for (const auto& name : names.functions) {
        if (const auto it = m_functions.find(name); it != m_functions.end()) out.m_functions.insert(*it);
    }
    out.rebuild_lookups();
    return out;
}

void SchemaState::rebuild_lookups() {
    m_table_indexes.clear();
    m_enum_users.clear();
    for (const auto& [index_key, index] : m_indexes) m_table_indexes[index.table].insert(index_key);
    for (const auto& [table_key, table] : m_tables) note_enum_users(table_key, table);
}

void SchemaState::note_enum_users(const std::string& table_key, const TableState& table) {
    for (const auto& column : table.columns) {
        if (!column.enum_type.empty()) m_enum_users[column.enum_type].insert(table_key);
    }
}

std::vector<std::string> SchemaState::columns_using_enum(const QualifiedName& type) const {
    std::vector<std::string> users;
    const auto wanted = key(type);
    const auto tables = m_enum_users.find(wanted);
    if (tables == m_enum_users.end()) return users;
    for (const auto& table_key : tables->second) {  // sorted, as a walk over every table would be
        const auto it = m_tables.find(table_key);
        if (it == m_tables.end()) continue;
        for (const auto& column : it->second.columns) {
            if (column.enum_type == wanted) users.push_back(table_key + "." + column.name);
        }
    }
    return users;
}

namespace {

ColumnState column_state(const ColumnDef& def, MigrationIndex migration, const SchemaState& schema) {
    ColumnState column;
    column.name = def.name;
    column.type = def.type;
    column.not_null = def.not_null || def.primary_key;
    column.has_default = def.default_value.has_value() || def.is_serial || def.identity != Identity::none;
    if (!def.enum_type.empty()) {
        column.enum_type = SchemaState::key({def.type.schema, def.enum_type});
    } else if (schema.enum_type(def.type.schema, def.type.name) != nullptr) {
        // SQL names the type only; it is an enum when the history created one by that name.
        column.enum_type = SchemaState::key({def.type.schema, def.type.name});
    }
    column.created_in = migration;
    return column;
}

void set_not_null(TableState& table, const std::vector<std::string>& columns, bool not_null) {
    for (const auto& name : columns) {
        if (auto* column = table.column(name)) column->not_null = not_null;
    }
}

ConstraintState constraint_state(const Constraint& c, MigrationIndex migration) {
    return {c.name, c.kind, c.columns, c.not_valid, migration, c.referenced_table};
}

}  // namespace

void SchemaState::track_uncommitted_values(const Operation& op, MigrationIndex migration) {
    if (!m_uncommitted_values.empty()) {
        // A statement outside any transaction block means what ran before it committed.
        if (op.in_transaction != InTransaction::yes) {
            m_uncommitted_values.clear();
        } else {
            // Values carried over from the migration before are open in this one's first transaction.
            for (auto& value : m_uncommitted_values) {
                if (!value.carried) continue;
                value.carried = false;
                value.open_in = migration;
                value.transaction_id = op.transaction_id;
            }
            // Any other transaction than theirs means theirs committed.
            std::erase_if(m_uncommitted_values, [&](const UncommittedEnumValue& value) {
                return value.open_in != migration || value.transaction_id != op.transaction_id;
            });
        }
    }
    if (const auto* add = op.get<AlterEnumAddValue>(); add != nullptr && op.in_transaction == InTransaction::yes) {
        m_uncommitted_values.push_back({add->type, add->value, migration, {}, migration, op.transaction_id, false});
    }
}

void SchemaState::end_migration(bool transaction_continues, const std::string& path) {
    if (m_uncommitted_values.empty()) return;
    if (!transaction_continues) {
        m_uncommitted_values.clear();
        return;
    }
    for (auto& value : m_uncommitted_values) {
        if (value.added_by.empty()) value.added_by = path;
        value.carried = true;
    }
}

std::vector<const UncommittedEnumValue*> SchemaState::uncommitted_from_earlier(const Operation& op,
                                                                              MigrationIndex migration) const {
    std::vector<const UncommittedEnumValue*> out;
    if (op.in_transaction != InTransaction::yes) return out;
    for (const auto& value : m_uncommitted_values) {
        if (value.added_in == migration) continue;  // the migration's own: its rule sees those in the file
        if (value.carried || (value.open_in == migration && value.transaction_id == op.transaction_id)) out.push_back(&value);
    }
    return out;
}

void SchemaState::apply(const Operation& op, MigrationIndex migration) {
    track_uncommitted_values(op, migration);
    op.visit(
        Overloaded{
            [&](const CreateTable& create) {
                const auto table_key = key(create.table);
                forget_dropped("table", table_key);
                auto& table = m_tables[table_key];
                if (table.created_in != k_no_migration && create.if_not_exists) return;
                table = TableState{};
                table.name = create.table;
                table.created_in = migration;
                table.columns.reserve(create.columns.size());
                for (const auto& def : create.columns) {
                    table.columns.push_back(column_state(def, migration, *this));
                    for (const auto& c : def.constraints) table.constraints.push_back(constraint_state(c, migration));
                }
                for (const auto& c : create.constraints) table.constraints.push_back(constraint_state(c, migration));
                note_enum_users(table_key, table);
            },
            [&](const DropTable& drop) {
                const auto k = key(drop.table);
                const auto by = "the DROP TABLE of `" + drop.table.display() + "`";
                note_dropped("table", k, {by, op.span}, migration);
                m_tables.erase(k);
                auto keys = m_table_indexes.extract(k);
                if (keys.empty()) return;
                for (const auto& index_key : keys.mapped()) {
                    const auto it = m_indexes.find(index_key);
                    if (it == m_indexes.end() || it->second.table != k) continue;
                    note_dropped("index", index_key, {by, op.span}, migration);
                    m_indexes.erase(it);
                }
            },
            [&](const RenameTable& rename) {
                const auto old_key = key(rename.table);
                auto node = m_tables.extract(old_key);
                if (node.empty()) return;
                QualifiedName renamed{rename.table.schema, rename.new_name};
                const auto new_key = key(renamed);
                node.key() = new_key;
                node.mapped().name = renamed;
                note_enum_users(new_key, node.mapped());
                m_tables.insert(std::move(node));
                auto keys = m_table_indexes.extract(old_key);
                if (keys.empty()) return;
                for (const auto& index_key : keys.mapped()) {
                    const auto it = m_indexes.find(index_key);
                    if (it == m_indexes.end() || it->second.table != old_key) continue;
                    it->second.table = new_key;
                    m_table_indexes[new_key].insert(index_key);
                }
            },
            [&](const AddColumn& add) {
                const auto it = find_by_name(m_tables, add.table);
                if (it == m_tables.end()) return;
                if (it->second.column(add.column.name) != nullptr) return;
                it->second.columns.push_back(column_state(add.column, migration, *this));
                for (const auto& c : add.column.constraints) it->second.constraints.push_back(constraint_state(c, migration));
                if (const auto& e = it->second.columns.back().enum_type; !e.empty()) m_enum_users[e].insert(it->first);
            },
            [&](const DropColumn& drop) {
                const auto it = find_by_name(m_tables, drop.table);
                if (it == m_tables.end()) return;
                std::erase_if(it->second.columns, [&](const ColumnState& c) { return c.name == drop.column; });
            },
            [&](const RenameColumn& rename) {
                const auto it = find_by_name(m_tables, rename.table);
                if (it == m_tables.end()) return;
                if (auto* column = it->second.column(rename.column)) column->name = rename.new_name;
            },
            [&](const AlterColumnType& alter) {
                const auto it = find_by_name(m_tables, alter.table);
                if (it == m_tables.end()) return;
                if (auto* column = it->second.column(alter.column)) {
                    column->type = alter.new_type;
                    const auto* as_enum = enum_type(alter.new_type.schema, alter.new_type.name);
                    column->enum_type = as_enum ? key(as_enum->name) : std::string{};
                    if (as_enum != nullptr) m_enum_users[column->enum_type].insert(it->first);
                }
            },
            [&](const SetNotNull& set) {
                const auto it = find_by_name(m_tables, set.table);
                if (it == m_tables.end()) return;
                if (auto* column = it->second.column(set.column)) column->not_null = true;
            },
            [&](const DropNotNull& drop) {
                const auto it = find_by_name(m_tables, drop.table);
                if (it == m_tables.end()) return;
                if (auto* column = it->second.column(drop.column)) column->not_null = false;
            },
            [&](const SetDefault& set) {
                const auto it = find_by_name(m_tables, set.table);
                if (it == m_tables.end()) return;
                if (auto* column = it->second.column(set.column)) column->has_default = set.value.has_value();
            },
            [&](const AddConstraint& add) {
                const auto it = find_by_name(m_tables, add.table);
                if (it == m_tables.end()) return;
                it->second.constraints.push_back(constraint_state(add.constraint, migration));
                // PostgreSQL 18's ADD CONSTRAINT c NOT NULL col; NOT VALID leaves the column nullable until validated.
                if (add.constraint.kind == ConstraintKind::not_null && !add.constraint.not_valid) {
                    set_not_null(it->second, add.constraint.columns, true);
                }
            },
            [&](const ValidateConstraint& validate) {
                const auto it = find_by_name(m_tables, validate.table);
                if (it == m_tables.end()) return;
                for (auto& c : it->second.constraints) {
                    if (c.name != validate.name) continue;
                    c.not_valid = false;
                    if (c.kind == ConstraintKind::not_null) set_not_null(it->second, c.columns, true);
                }
            },
            [&](const DropConstraint& drop) {
                const auto it = find_by_name(m_tables, drop.table);
                if (it == m_tables.end() || drop.name.empty()) return;
                for (const auto& c : it->second.constraints) {
                    if (c.name == drop.name && c.kind == ConstraintKind::not_null) set_not_null(it->second, c.columns, false);
                }
                std::erase_if(it->second.constraints, [&](const ConstraintState& c) { return c.name == drop.name; });
            },
            [&](const CreateIndex& create) {
                const auto name = create.name.empty() ? generated_index_name(create, m_indexes) : create.name;
                if (name.empty()) return;
                IndexState index{name, key(create.table), create.columns, create.unique, migration, create.partial,
                                 create.method};
                const auto index_key = table_key_of_index(create.table, name);
                forget_dropped("index", index_key);
                m_table_indexes[index.table].insert(index_key);
                m_indexes[index_key] = std::move(index);
            },
            [&](const DropIndex& drop) {
                note_dropped("index", key(drop.index), {"the DROP INDEX of `" + drop.index.display() + "`", op.span}, migration);
                m_indexes.erase(key(drop.index));
            },
            [&](const CreateEnum& create) {
                forget_dropped("type", key(create.type));
                auto& e = m_enums[key(create.type)];
                if (e.created_in != k_no_migration && create.if_not_exists) return;
                e = EnumState{create.type, create.values, migration};
            },
            [&](const AlterEnumAddValue& add) {
                const auto it = find_by_name(m_enums, add.type);
                if (it != m_enums.end()) it->second.values.push_back(add.value);
            },
            [&](const AlterEnumRenameValue& rename) {
                const auto it = find_by_name(m_enums, rename.type);
                if (it == m_enums.end()) return;
                std::replace(it->second.values.begin(), it->second.values.end(), rename.old_value, rename.new_value);
            },
            [&](const DataChange& change) {
                if (change.kind != DataChange::Kind::update) return;
                const auto it = find_by_name(m_tables, change.table);
                if (it == m_tables.end()) return;
                for (const auto& name : change.columns_set) {
                    auto* column = it->second.column(name);
                    if (column != nullptr && column->backfilled_in == k_no_migration) column->backfilled_in = migration;
                }
            },
            [&](const DropType& drop) {
                note_dropped("type", key(drop.type), {"the DROP TYPE of `" + drop.type.display() + "`", op.span}, migration);
                m_enums.erase(key(drop.type));
                m_types_renamed_in.erase(key(drop.type));
            },
            [&](const RenameType& rename) { rename_type(rename, migration); },
            [&](const CreateFunction& create) { m_functions[create.function.name] = create.volatility; },
            [&](const DropSchema& drop) {
                const auto prefix = drop.schema + ".";
                std::erase_if(m_tables, [&](const auto& entry) { return entry.first.starts_with(prefix); });
                std::erase_if(m_enums, [&](const auto& entry) { return entry.first.starts_with(prefix); });
                std::erase_if(m_indexes, [&](const auto& entry) { return entry.first.starts_with(prefix); });
            },
            [](const auto&) {},
        });
}

void SchemaState::rename_type(const RenameType& rename, MigrationIndex migration) {
    const auto old_key = key(rename.type);
    const auto new_key = key({rename.type.schema, rename.new_name});
    m_types_renamed_in.erase(old_key);
    m_types_renamed_in[new_key] = migration;
    auto node = m_enums.extract(old_key);
    if (node.empty()) return;
    node.key() = new_key;
    node.mapped().name.name = rename.new_name;
    m_enums.insert(std::move(node));
    // The columns of that type keep it under its new name.
    auto users = m_enum_users.extract(old_key);
    if (users.empty()) return;
    for (const auto& table_key : users.mapped()) {
        const auto table = m_tables.find(table_key);
        if (table == m_tables.end()) continue;
        for (auto& column : table->second.columns) {
            if (column.enum_type != old_key) continue;
            column.enum_type = new_key;
            column.type.name = rename.new_name;
            column.type.written.clear();  // written under the old name
        }
    }
    m_enum_users[new_key].insert(users.mapped().begin(), users.mapped().end());
}

}  // namespace miglint

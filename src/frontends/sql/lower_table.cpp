// CREATE TABLE and ALTER TABLE lowering.
#include "sql/lowering.hpp"

#include <miglint/sql_names.hpp>

#include <algorithm>

namespace miglint::sql {
namespace {

// serial, bigserial and smallserial are not types but integer columns with a
// sequence default: lowered as int4 / int8 / int2 with `is_serial`, as the
// Alembic front end lowers an autoincrementing integer key (`written` keeps
// the spelling).
bool lower_serial(TypeRef& type) {
    if (type.name == "serial") type.name = "int4";
    else if (type.name == "bigserial") type.name = "int8";
    else if (type.name == "smallserial") type.name = "int2";
    else return false;
    return true;
}

std::vector<std::string> key_names(Node* const* keys, std::size_t count) { return strings_of(keys, count); }

// A foreign key's ON DELETE / ON UPDATE action (the parser's letter) as SQL
// words; empty for NO ACTION, which is what saying nothing gives.
std::string referential_action(const char* action) {
    if (action == nullptr) return {};
    switch (action[0]) {
        case 'r': return "RESTRICT";
        case 'c': return "CASCADE";
        case 'n': return "SET NULL";
        case 'd': return "SET DEFAULT";
        default: return {};
    }
}

// Reads what the key does on delete and update, its MATCH and its deferral.
void read_foreign_key_options(const PgQuery__Constraint& c, Constraint& out) {
    out.on_delete = referential_action(c.fk_del_action);
    // ON DELETE SET NULL (a, b) (PostgreSQL 15) sets only those columns.
    if (!out.on_delete.empty() && c.n_fk_del_set_cols > 0) {
        std::string columns;
        for (const auto& name : key_names(c.fk_del_set_cols, c.n_fk_del_set_cols)) {
            columns += (columns.empty() ? "" : ", ") + quote_ident(name);
        }
        out.on_delete += " (" + columns + ")";
    }
    out.on_update = referential_action(c.fk_upd_action);
    if (c.fk_matchtype != nullptr && c.fk_matchtype[0] == 'f') out.match = "FULL";
    if (c.fk_matchtype != nullptr && c.fk_matchtype[0] == 'p') out.match = "PARTIAL";
}

bool is_foreign_key_before(const ColumnDef& column) {
    return !column.constraints.empty() && column.constraints.back().kind == ConstraintKind::foreign_key;
}

}  // namespace

Constraint constraint(const PgQuery__Constraint& c, const StatementText& text) {
    Constraint out;
    switch (c.contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: out.kind = ConstraintKind::primary_key; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: out.kind = ConstraintKind::unique; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: out.kind = ConstraintKind::foreign_key; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: out.kind = ConstraintKind::exclusion; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: out.kind = ConstraintKind::not_null; break;
        default: out.kind = ConstraintKind::check; break;
    }
    out.name = c.conname != nullptr ? c.conname : "";
    out.not_valid = c.skip_validation;
    // Only CHECK and FOREIGN KEY constraints can be NOT ENFORCED; the parser leaves the flag unset on the others.
    out.not_enforced = (out.kind == ConstraintKind::check || out.kind == ConstraintKind::foreign_key) && !flag(c.is_enforced);
    if (out.kind == ConstraintKind::foreign_key) {
        out.columns = key_names(c.fk_attrs, c.n_fk_attrs);
        out.referenced_table = qualified_name(c.pktable);
        out.referenced_columns = key_names(c.pk_attrs, c.n_pk_attrs);
        read_foreign_key_options(c, out);
        out.initially_deferred = flag(c.initdeferred);
        out.deferrable = flag(c.deferrable) || out.initially_deferred;
    } else {
        out.columns = key_names(c.keys, c.n_keys);
    }
    if (out.kind == ConstraintKind::exclusion) {
        for (std::size_t i = 0; i < c.n_exclusions; ++i) {
            // Each exclusion is a List (IndexElem, operator name).
            const auto* pair = c.exclusions[i];
            if (pair == nullptr || pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items == 0) continue;
            const auto* elem = pair->list->items[0];
            if (elem != nullptr && elem->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && elem->index_elem->name != nullptr) {
                out.columns.emplace_back(elem->index_elem->name);
            }
        }
    }
    out.using_index = c.indexname != nullptr ? c.indexname : "";
    if (out.kind == ConstraintKind::check && c.raw_expr != nullptr) {
        out.check = expression(c.raw_expr, text, ExpressionEnd::at_closing_parenthesis);
    }
    const auto begin = offset_of(c.location, text);
    out.span = {begin, begin};
    return out;
}

ColumnDef column_def(const PgQuery__ColumnDef& def, const StatementText& text) {
    ColumnDef out;
    out.name = def.colname != nullptr ? def.colname : "";
    out.type = type_ref(def.type_name, text);
    out.is_serial = out.type.schema.empty() && out.type.array_dimensions == 0 && lower_serial(out.type);
    out.not_null = def.is_not_null;
    const auto begin = offset_of(def.location, text);
    out.span = {begin, begin};
    for (std::size_t i = 0; i < def.n_constraints; ++i) {
        const auto* node = def.constraints[i];
        if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
        const auto& c = *node->constraint;
        switch (c.contype) {
            case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: out.not_null = true; break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: out.not_null = false; break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: out.default_value = expression(c.raw_expr, text); break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
                out.identity = (c.generated_when != nullptr && c.generated_when[0] == 'a') ? Identity::always : Identity::by_default;
                out.not_null = true;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
                // PostgreSQL 18 makes a generated column VIRTUAL unless STORED is written.
                out.generated = c.generated_kind != nullptr && c.generated_kind[0] == 'v' ? Generated::virtual_ : Generated::stored;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
                out.primary_key = true;
                out.not_null = true;
                out.constraints.push_back(constraint(c, text));
                out.constraints.back().columns = {out.name};
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
            case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
                out.constraints.push_back(constraint(c, text));
                if (out.constraints.back().columns.empty()) out.constraints.back().columns = {out.name};
                break;
            // On a column, DEFERRABLE and INITIALLY DEFERRED are items of their own that
            // apply to the constraint before them (transformConstraintAttrs).
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
                if (is_foreign_key_before(out)) out.constraints.back().deferrable = true;
                break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
                if (is_foreign_key_before(out)) out.constraints.back().deferrable = out.constraints.back().initially_deferred = true;
                break;
            default: break;
        }
    }
    return out;
}

void lower_create_table(const PgQuery__CreateStmt& create, LowerContext& ctx) {
    CreateTable table;
    table.table = qualified_name(create.relation);
    table.if_not_exists = flag(create.if_not_exists);
    table.temporary = create.relation != nullptr && create.relation->relpersistence != nullptr &&
                      create.relation->relpersistence[0] == 't';
    table.partition_of = create.partbound != nullptr;
    if (table.partition_of && create.n_inh_relations > 0 && create.inh_relations[0] != nullptr &&
        create.inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
        table.parent = qualified_name(create.inh_relations[0]->range_var);
    }
    table.columns.reserve(create.n_table_elts);
    for (std::size_t i = 0; i < create.n_table_elts; ++i) {
        const auto* element = create.table_elts[i];
        if (element == nullptr) continue;
        if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            table.columns.push_back(column_def(*element->column_def, ctx.text()));
        } else if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            table.constraints.push_back(constraint(*element->constraint, ctx.text()));
        }
    }
    for (std::size_t i = 0; i < create.n_constraints; ++i) {
        const auto* element = create.constraints[i];
        if (element != nullptr && element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            table.constraints.push_back(constraint(*element->constraint, ctx.text()));
        }
    }
    // PostgreSQL 18's `CONSTRAINT c NOT NULL col` makes the column NOT NULL, as the
    // column's own NOT NULL does (a new table's NOT VALID one is valid at once).
    for (const auto& c : table.constraints) {
        if (c.kind != ConstraintKind::not_null) continue;
        for (auto& column : table.columns) {
            if (std::find(c.columns.begin(), c.columns.end(), column.name) != c.columns.end()) column.not_null = true;
        }
    }
    ctx.add(std::move(table));
}

namespace {

void lower_alter_command(const QualifiedName& table, const PgQuery__AlterTableCmd& cmd, LowerContext& ctx) {
    const std::string column = cmd.name != nullptr ? cmd.name : "";
    const auto& text = ctx.text();
    switch (cmd.subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
            if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
                ctx.add(AddColumn{table, column_def(*cmd.def->column_def, text), flag(cmd.missing_ok)});
            }
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
            ctx.add(DropColumn{table, column, flag(cmd.missing_ok), cmd.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE});
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: ctx.add(SetNotNull{table, column}); return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: ctx.add(DropNotNull{table, column}); return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
            SetDefault set{table, column, std::nullopt};
            if (cmd.def != nullptr) set.value = expression(cmd.def, text);
            ctx.add(std::move(set));
            return;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
            AlterColumnType alter{table, column, {}, std::nullopt, std::nullopt};
            if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
                const auto& def = *cmd.def->column_def;
                alter.new_type = type_ref(def.type_name, text);
                if (def.raw_default != nullptr) alter.using_expr = expression(def.raw_default, text);
            }
            ctx.add(std::move(alter));
            return;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
            if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
                ctx.add(AddConstraint{table, constraint(*cmd.def->constraint, text)});
            }
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
            ctx.add(ValidateConstraint{table, column});
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
            ctx.add(DropConstraint{table, column, flag(cmd.missing_ok), cmd.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE});
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
            if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
                const auto& part = *cmd.def->partition_cmd;
                ctx.add(DetachPartition{table, qualified_name(part.name), static_cast<bool>(part.concurrent),
                                        cmd.subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize});
            }
            return;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
            if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
                ctx.add(AttachPartition{table, qualified_name(cmd.def->partition_cmd->name)});
            }
            return;
        default:
            if (auto form = alter_table_form(table, cmd)) {
                ctx.add(std::move(*form));
                return;
            }
            ctx.add(Other{"ALTER TABLE"});
            return;
    }
}

}  // namespace

void lower_alter_table(const PgQuery__AlterTableStmt& alter, LowerContext& ctx) {
    const auto table = qualified_name(alter.relation);
    if (alter.objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        ctx.add(Other{"ALTER " + std::string(alter.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ? "INDEX" : "RELATION")});
        return;
    }
    for (std::size_t i = 0; i < alter.n_cmds; ++i) {
        const auto* node = alter.cmds[i];
        if (node != nullptr && node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) {
            lower_alter_command(table, *node->alter_table_cmd, ctx);
        }
    }
}

}  // namespace miglint::sql

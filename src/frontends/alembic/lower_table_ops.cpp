// op.create_table, drop_table, rename_table, add_column, drop_column, alter_column.
#include "alembic/embedded_sql.hpp"
#include "alembic/op_lowering_detail.hpp"
#include "alembic/schema_items.hpp"

#include <set>

namespace miglint::alembic::detail {
namespace {

bool is_integer_type(const TypeRef& type) {
    return type.array_dimensions == 0 && (type.name == "int2" || type.name == "int4" || type.name == "int8");
}

CreateIndex column_index(const QualifiedName& table, const LoweredColumn& column) {
    CreateIndex index;
    index.table = table;
    index.schema = table.schema;
    // SQLAlchemy's default naming convention for index=True: ix_<table>_<column>.
    index.name = "ix_" + table.name + "_" + column.column.name;
    index.columns = {column.column.name};
    index.unique = column.unique_index;
    index.method = "btree";
    return index;
}

// SQLAlchemy renders a lone integer primary key column as SERIAL unless
// autoincrement=False, an Identity, a server default or a foreign key says
// otherwise; a use_alter foreign key (`use_alter`) counts, though CREATE TABLE leaves it out.
void mark_serial(std::vector<LoweredColumn>& columns, const std::vector<Constraint>& constraints,
                 const std::vector<Constraint>& use_alter) {
    std::set<std::string> key;
    for (const auto& column : columns) {
        if (column.column.primary_key) key.insert(column.column.name);
    }
    for (const auto& constraint : constraints) {
        if (constraint.kind == ConstraintKind::primary_key) key.insert(constraint.columns.begin(), constraint.columns.end());
    }
    if (key.size() != 1) return;
    // A table-level ForeignKeyConstraint over the key column makes it a foreign key column too.
    for (const auto* list : {&constraints, &use_alter}) {
        for (const auto& constraint : *list) {
            if (constraint.kind != ConstraintKind::foreign_key) continue;
            for (const auto& name : constraint.columns) {
                if (name == *key.begin()) return;
            }
        }
    }
    for (auto& column : columns) {
        auto& def = column.column;
        if (def.name != *key.begin()) continue;
        if (!is_integer_type(def.type) || column.has_foreign_key || column.autoincrement == false ||
            def.identity != Identity::none || def.default_value) {
            return;
        }
        def.is_serial = true;
        def.not_null = true;
    }
}

void lower_create_table(const OpCall& call, OpSink& out) {
    CreateTable table;
    table.table = call.table();
    table.if_not_exists = call.flag("if_not_exists");
    std::vector<LoweredColumn> columns;
    std::vector<CreateIndex> indexes;
    // Foreign keys with use_alter=True: not part of the CREATE TABLE on
    // PostgreSQL, and op.create_table adds them nowhere else (is_use_alter_foreign_key),
    // so they neither check rows nor lock the referenced table.
    std::vector<Constraint> use_alter;
    for (const Node item : call.args.rest) {
        if (auto column = lower_column(item, call.eval, call.scope)) {
            columns.push_back(std::move(*column));
        } else if (auto constraint = lower_constraint(item, call.eval, call.scope)) {
            auto& into = is_use_alter_foreign_key(item, call.eval, call.scope) ? use_alter : table.constraints;
            into.push_back(std::move(*constraint));
        } else if (auto index = lower_index_item(item, table.table, call.eval, call.scope)) {
            indexes.push_back(std::move(*index));
        }
    }
    mark_serial(columns, table.constraints, use_alter);

    out.begin_statement();
    std::set<std::string> created;
    for (const auto& column : columns) {
        const auto& spec = column.enum_spec;
        if (!spec || !spec->create_type || spec->type.name.empty()) continue;
        if (!created.insert(spec->type.display()).second) continue;
        out.emit(CreateEnum{spec->type, spec->values, false}, call.span());
    }
    // Indexes follow the table: index=True columns in column order, then sa.Index items.
    std::vector<CreateIndex> after;
    for (const auto& column : columns) {
        if (column.index) after.push_back(column_index(table.table, column));
        table.columns.push_back(column.column);
    }
    after.insert(after.end(), indexes.begin(), indexes.end());
    out.emit(std::move(table), call.span());
    for (auto& index : after) out.emit(std::move(index), call.span());
}

void lower_add_column(const OpCall& call, OpSink& out) {
    const QualifiedName table = call.table();
    auto column = lower_column(call.arg("column"), call.eval, call.scope);
    out.begin_statement();
    if (!column) {
        out.emit(Other{"op.add_column"}, call.span());
        return;
    }
    // op.add_column adds each of the column's constraints with ALTER TABLE, use_alter or not.
    auto& constraints = column->column.constraints;
    constraints.insert(constraints.end(), column->use_alter_foreign_keys.begin(), column->use_alter_foreign_keys.end());
    out.emit(AddColumn{table, column->column, call.flag("if_not_exists")}, call.span());
    if (column->index) out.emit(column_index(table, *column), call.span());
}

void lower_alter_column(const OpCall& call, OpSink& out) {
    const QualifiedName table = call.table();
    const std::string column = call.string("column_name");
    out.begin_statement();
    bool emitted = false;
    const auto emit = [&](OperationData data) {
        out.emit(std::move(data), call.span());
        emitted = true;
    };
    std::optional<AlterColumnType> type_change;
    if (const Node type = call.arg("type_"); type && !type.is("none")) {
        AlterColumnType change;
        change.table = table;
        change.column = column;
        if (auto new_type = sqlalchemy_type(type, call.eval, call.scope)) change.new_type = std::move(new_type->type);
        if (const Node existing = call.arg("existing_type"); existing && !existing.is("none")) {
            if (auto old_type = sqlalchemy_type(existing, call.eval, call.scope)) change.old_type = std::move(old_type->type);
        }
        if (const Node using_expr = call.arg("postgresql_using"); using_expr && !using_expr.is("none")) {
            change.using_expr = condition_expression(using_expr, call.eval, call.scope);
        }
        type_change = std::move(change);
    }
    // Alembic's PostgreSQL dialect alters the type first when USING is given,
    // otherwise after nullability and default (alembic.ddl.impl.alter_column).
    const bool type_first = type_change && type_change->using_expr.has_value();
    if (type_first) emit(std::move(*type_change));
    if (const auto nullable = call.boolean("nullable")) {
        if (*nullable) {
            emit(DropNotNull{table, column});
        } else {
            emit(SetNotNull{table, column});
        }
    }
    if (const Node server_default = call.arg("server_default")) {
        // server_default=False is Alembic's "leave it alone"; None drops the default.
        if (!server_default.is("false")) {
            emit(SetDefault{table, column, server_default_expression(server_default, call.eval, call.scope)});
        }
    }
    if (type_change && !type_first) emit(std::move(*type_change));
    if (const Node new_name = call.arg("new_column_name"); new_name && !new_name.is("none")) {
        emit(RenameColumn{table, column, call.string("new_column_name")});
    }
    if (!emitted) emit(Other{"op.alter_column"});
}

}  // namespace

bool lower_table_op(const OpCall& call, OpSink& out) {
    const auto name = call.name;
    if (name == "create_table") {
        lower_create_table(call, out);
    } else if (name == "drop_table") {
        out.begin_statement();
        out.emit(DropTable{call.table(), call.flag("if_exists"), false}, call.span());
    } else if (name == "rename_table") {
        out.begin_statement();
        out.emit(RenameTable{call.table("old_table_name"), call.string("new_table_name")}, call.span());
    } else if (name == "add_column") {
        lower_add_column(call, out);
    } else if (name == "drop_column") {
        out.begin_statement();
        out.emit(DropColumn{call.table(), call.string("column_name"), call.flag("if_exists"), false}, call.span());
    } else if (name == "alter_column") {
        lower_alter_column(call, out);
    } else {
        return false;
    }
    return true;
}

}  // namespace miglint::alembic::detail

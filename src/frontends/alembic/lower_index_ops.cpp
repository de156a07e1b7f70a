// op.create_index, drop_index and the constraint ops.
#include "alembic/embedded_sql.hpp"
#include "alembic/op_lowering_detail.hpp"
#include "alembic/schema_items.hpp"

namespace miglint::alembic::detail {
namespace {

void lower_create_index(const OpCall& call, OpSink& out) {
    CreateIndex index;
    index.table = call.table();
    index.schema = index.table.schema;
    index.name = call.string("index_name");
    index.name_from_convention = call.eval.is_conventional_name(call.arg("index_name"), call.scope);
    index.keys = index_keys(call.arg("columns"), call.eval, call.scope);
    for (const auto& key : index.keys) {
        index.columns.push_back(!key.column.empty() ? key.column : !key.expression.empty() ? key.expression : key.python);
    }
    index.include = column_names(call.arg("postgresql_include"), call.eval, call.scope);
    index.unique = call.flag("unique");
    index.concurrently = call.flag("postgresql_concurrently");
    index.if_not_exists = call.flag("if_not_exists");
    const Node where = call.arg("postgresql_where");
    index.partial = where && !where.is("none");
    if (index.partial) {
        index.where = condition_expression(where, call.eval, call.scope);
        // Not SQL text but a SQLAlchemy expression: kept as written for printing the call back.
        if (index.where->text == call.eval.text(where)) index.where_python = index.where->text;
    }
    index.method = call.string("postgresql_using");
    if (index.method.empty()) index.method = "btree";  // PostgreSQL's default, as the SQL front end reports it
    out.begin_statement();
    out.emit(std::move(index), call.span());
}

void lower_drop_index(const OpCall& call, OpSink& out) {
    DropIndex drop;
    drop.table = call.table();
    drop.index = QualifiedName{drop.table.schema, call.string("index_name")};
    drop.concurrently = call.flag("postgresql_concurrently");
    drop.if_exists = call.flag("if_exists");
    out.begin_statement();
    out.emit(std::move(drop), call.span());
}

void lower_add_constraint(const OpCall& call, ConstraintKind kind, OpSink& out) {
    Constraint constraint;
    constraint.kind = kind;
    constraint.name = call.string("constraint_name");
    constraint.name_from_convention = call.eval.is_conventional_name(call.arg("constraint_name"), call.scope);
    constraint.span = call.span();
    constraint.not_valid = call.flag("postgresql_not_valid");
    QualifiedName table;
    switch (kind) {
    case ConstraintKind::foreign_key:
        table = call.table("source_table", "source_schema");
        constraint.columns = column_names(call.arg("local_cols"), call.eval, call.scope);
        constraint.referenced_table = QualifiedName{call.string("referent_schema"), call.string("referent_table")};
        constraint.referenced_columns = column_names(call.arg("remote_cols"), call.eval, call.scope);
        read_foreign_key_options(call.raw, call.eval, call.scope, constraint);
        break;
    case ConstraintKind::check:
        table = call.table();
        if (const Node condition = call.arg("condition")) constraint.check = condition_expression(condition, call.eval, call.scope);
        break;
    case ConstraintKind::exclusion:
        table = call.table();
        for (const Node element : call.args.rest) {
            const Node column = element.is("tuple") ? element.named_child(0) : element;
            const auto names = column_names(column, call.eval, call.scope);
            if (!names.empty()) constraint.columns.push_back(names.front());
        }
        break;
    default:
        table = call.table();
        constraint.columns = column_names(call.arg("columns"), call.eval, call.scope);
        break;
    }
    out.begin_statement();
    out.emit(AddConstraint{table, std::move(constraint)}, call.span());
}

}  // namespace

bool lower_index_or_constraint_op(const OpCall& call, OpSink& out) {
    const auto name = call.name;
    if (name == "create_index") {
        lower_create_index(call, out);
    } else if (name == "drop_index") {
        lower_drop_index(call, out);
    } else if (name == "create_unique_constraint") {
        lower_add_constraint(call, ConstraintKind::unique, out);
    } else if (name == "create_primary_key") {
        lower_add_constraint(call, ConstraintKind::primary_key, out);
    } else if (name == "create_foreign_key") {
        lower_add_constraint(call, ConstraintKind::foreign_key, out);
    } else if (name == "create_check_constraint") {
        lower_add_constraint(call, ConstraintKind::check, out);
    } else if (name == "create_exclude_constraint") {
        lower_add_constraint(call, ConstraintKind::exclusion, out);
    } else if (name == "drop_constraint") {
        out.begin_statement();
        out.emit(DropConstraint{call.table(), call.string("constraint_name"), call.flag("if_exists"), false}, call.span());
    } else {
        return false;
    }
    return true;
}

}  // namespace miglint::alembic::detail

// A column added or created by Alembic with SQLAlchemy's `default=` and no
// `server_default=`: the default lives in the Python process only, so the
// database has none (PostgreSQL manual, "ALTER TABLE ... ADD COLUMN": rows
// get the column's DEFAULT, NULL when there is none; SQLAlchemy docs,
// "Column INSERT/UPDATE Defaults": Python-side defaults are not DDL).
// No lock claim: the hazard is NULLs, not blocking.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

void report(const ColumnDef& column, const QualifiedName& table, bool existing_rows, Reporter& out) {
    // No default= (or default=None): nothing the database misses.
    if (!column.has_orm_default) return;
    // The database computes identity, serial and generated columns itself.
    if (column.identity != Identity::none || column.is_serial || column.generated != Generated::none) return;
    // A server default is what the database sees; default= beside it is fine.
    if (column.default_value) return;
    const auto who = existing_rows ? std::string("existing rows and inserts that bypass SQLAlchemy get NULL")
                                   : std::string("inserts that bypass SQLAlchemy (raw SQL, other services) get NULL");
    out.report(column.span, "column " + quoted(table.display() + "." + column.name) +
                                " has only an ORM-side default=, which the database never sees, so " + who +
                                (column.not_null ? " or fail the NOT NULL constraint" : ""))
        .help("give the database the default too (keep default= if the ORM needs it):\nsa.Column(" + python_string(column.name) +
              ", ..., server_default=sa.text(\"<SQL expression>\"))");
}

// True when a later UPDATE of this migration, without WHERE, sets `column` of `table` in every row.
bool backfilled_later(const QualifiedName& table, const std::string& column, const RuleContext& ctx) {
    const auto& ops = ctx.operations();
    return std::any_of(ops.begin() + static_cast<std::ptrdiff_t>(ctx.position()) + 1, ops.end(), [&](const Operation& later) {
        const auto* change = later.get<DataChange>();
        return change != nullptr && change->kind == DataChange::Kind::update && !change->has_where &&
               SchemaState::key(change->table) == SchemaState::key(table) &&
               std::find(change->columns_set.begin(), change->columns_set.end(), column) != change->columns_set.end();
    });
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (const auto* add = op.get<AddColumn>()) {
        // Existing rows are NULL only until an UPDATE of every row fills them.
        const bool existing_rows_null =
            !ctx.created_in_this_migration(add->table) && !backfilled_later(add->table, add->column.name, ctx);
        report(add->column, add->table, existing_rows_null, out);
        return;
    }
    const auto& create = op.as<CreateTable>();
    for (const auto& column : create.columns) report(column, create.table, false, out);
}

}  // namespace

const Rule& orm_default_not_server_default() {
    static const Rule rule{
        .id = "orm-default-not-server-default",
        .summary = "A column has SQLAlchemy's default= but no server_default, so the database never applies it.",
        .default_severity = Severity::warning,
        .applies_to = {OpKind::add_column, OpKind::create_table},
        .check = &check,
        .tags = {"alembic", "correctness"},
    };
    return rule;
}

}  // namespace miglint::rules

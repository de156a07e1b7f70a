// ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT on an existing table.
// PostgreSQL fills the new column with NULL in every existing row, so the
// statement fails (under the ACCESS EXCLUSIVE lock ALTER TABLE takes) as soon
// as the table has one row (PostgreSQL manual, "ALTER TABLE": ADD COLUMN, and
// "Modifying Tables: Adding a Column").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// True when PostgreSQL gives every existing row a value for `column`.
bool fills_existing_rows(const ColumnDef& column) {
    if (column.default_value && !column.default_value->is_null_constant) return true;
    return column.identity != Identity::none || column.is_serial || column.generated != Generated::none;
}


std::string safe_way(const AddColumn& add, const Operation& op, const RuleContext& ctx) {
    const auto column = quote_ident(add.column.name);
    const auto type = type_spelling(&add.column.type, help_language(op, ctx) == HelpLanguage::alembic, "<type>");
    SafeForm steps(op, ctx);
    steps.run(add_column_step(add.table, {.name = add.column.name, .type = type, .nullable = true}))
        .run("UPDATE " + quote_qualified(add.table) + " SET " + column + " = <value> WHERE " + column + " IS NULL",
             "in batches on a big table");
    not_null_steps(steps, add.table, add.column.name, ctx);
    auto out = "add the column nullable, backfill it in batches, then enforce NOT NULL:\n" + steps.text() + "\n";
    // Before 11 a DEFAULT is written into every row.
    if (ctx.pg_version() < PgVersion{11, 0}) {
        return out + "(on PostgreSQL " + std::to_string(ctx.pg_version().major) + " a DEFAULT rewrites the table)";
    }
    const Step with_default{"ALTER TABLE " + quote_qualified(add.table) + " ADD COLUMN " + column + " " + type.sql +
                                " NOT NULL DEFAULT <constant>",
                            "op.add_column(" + python_string(add.table.name) + ", sa.Column(" + python_string(add.column.name) +
                                ", " + type.sqlalchemy + ", nullable=False, server_default=<constant>)" +
                                alembic_schema(add.table) + ")"};
    return out + "or, when one constant suits every row, give it a DEFAULT (no rewrite on PostgreSQL 11+):\n" +
           SafeForm(op, ctx).run(with_default).text();
}

// True when an earlier statement of the same transaction emptied `table`
// (TRUNCATE, or DELETE with no WHERE): no row is left to refuse the column.
bool emptied_before(const QualifiedName& table, const Operation& op, const RuleContext& ctx) {
    const auto key = SchemaState::key(table);
    const auto& ops = ctx.operations();
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto& earlier = ops[i];
        if (earlier.in_transaction != InTransaction::yes || earlier.transaction_id != op.transaction_id) continue;
        if (const auto* truncate = earlier.get<Truncate>()) {
            for (const auto& t : truncate->tables) {
                if (SchemaState::key(t) == key) return true;
            }
        }
        if (const auto* change = earlier.get<DataChange>(); change != nullptr && change->kind == DataChange::Kind::delete_ &&
                                                            !change->has_where && SchemaState::key(change->table) == key) {
            return true;
        }
    }
    return false;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    // A nullable column is filled with NULL, which it accepts.
    if (!add.column.not_null) return;
    // A non-null DEFAULT, identity, serial or generated column gives every existing row a value.
    if (fills_existing_rows(add.column)) return;
    // A table created earlier in this migration has no rows to fill.
    if (!is_existing_table(ctx, add.table)) return;
    if (op.in_transaction == InTransaction::yes && emptied_before(add.table, op, ctx)) return;
    // ADD COLUMN IF NOT EXISTS of a column the history already has does nothing.
    if (const auto* table = ctx.schema().table(add.table);
        add.if_not_exists && table != nullptr && table->column(add.column.name) != nullptr) {
        return;
    }
    auto builder = out.report(op.span, "adding NOT NULL column " + quoted(add.column.name) + " without a DEFAULT to " +
                                           quoted(add.table) + size_note(ctx, add.table) +
                                           " fails if the table has any row, after waiting for its ACCESS EXCLUSIVE lock");
    auto help = safe_way(add, op, ctx);
    // Alembic's `default=` is applied by SQLAlchemy on INSERT only; the database never sees it.
    if (add.column.has_orm_default) help = "`default=` never reaches the database (use `server_default=`); " + help;
    builder.help(std::move(help));
}

}  // namespace

const Rule& add_not_null_column() {
    static const Rule rule{
        .id = "add-not-null-column",
        .summary = "ADD COLUMN ... NOT NULL without a DEFAULT fails on an existing table that has rows.",
        .default_severity = Severity::error,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::add_column},
        .check = &check,
        .tags = {"correctness", "locking", k_run_time_failure},
    };
    return rule;
}

}  // namespace miglint::rules

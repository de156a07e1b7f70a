// ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT on an existing table.
// PostgreSQL fills the new column with NULL in every existing row, so the
// statement fails (under the ACCESS EXCLUSIVE lock ALTER TABLE takes) as soon
// as the table has one row (PostgreSQL manual, "ALTER TABLE": ADD COLUMN, and
// "Modifying Tables: Adding a Column").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

// True when PostgreSQL gives every existing row a value for `column`.
bool fills_existing_rows(const ColumnDef& column) {
    if (column.default_value && !column.default_value->is_null_constant) return true;
    return column.identity != Identity::none || column.is_serial || column.generated != Generated::none;
}

// The type as the help's language writes it: SQLAlchemy's as written in a revision, else PostgreSQL's spelling.
std::string type_text(const TypeRef& type, bool alembic) {
    return alembic && !type.written.empty() ? type.written : sql_type_name(type);
}

std::string safe_way(const AddColumn& add, const RuleContext& ctx) {
    const auto table = quote_qualified(add.table);
    const auto column = quote_ident(add.column.name);
    const auto type = type_text(add.column.type, ctx.is_alembic());
    const auto check_name = generated_object_name(add.table.name, add.column.name, "not_null");
    const auto check = quote_ident(check_name);
    const bool check_trick = ctx.pg_version() >= PgVersion{12, 0};
    const bool fast_default = ctx.pg_version() >= PgVersion{11, 0};
    std::string out = "add the column nullable, backfill it in batches, then enforce NOT NULL";
    if (ctx.is_alembic()) {
        const auto py_table = python_string(add.table.name);
        const auto py_column = python_string(add.column.name);
        const auto schema = alembic_schema(add.table);
        out += ":\nop.add_column(" + py_table + ", sa.Column(" + py_column + ", " + type + ", nullable=True)" + schema + ")\n" +
               alembic_execute("UPDATE " + table + " SET " + column + " = <value> WHERE " + column + " IS NULL") +
               "  # in batches on a big table\n";
        if (check_trick) {
            out += "op.create_check_constraint(" + python_string(check_name) + ", " + py_table + ", " +
                   python_string(column + " IS NOT NULL") + schema + ", postgresql_not_valid=True)\n" +
                   alembic_autocommit_execute("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check) + "\n";
        }
        out += "op.alter_column(" + py_table + ", " + py_column + ", nullable=False" + schema + ")\n";
        if (check_trick) {
            out += "op.drop_constraint(" + python_string(check_name) + ", " + py_table + ", type_=\"check\"" + schema + ")\n";
        }
        if (!fast_default) return out + "(on PostgreSQL " + std::to_string(ctx.pg_version().major) + " a server_default rewrites the table)";
        return out + "or, when one constant suits every row, give it a server default (no rewrite on PostgreSQL 11+):\n" +
               "op.add_column(" + py_table + ", sa.Column(" + py_column + ", " + type +
               ", nullable=False, server_default=<constant>)" + schema + ")";
    }
    out += ":\nALTER TABLE " + table + " ADD COLUMN " + column + " " + type + ";\n" + "UPDATE " + table + " SET " + column +
           " = <value> WHERE " + column + " IS NULL;  -- in batches on a big table\n";
    if (check_trick) {
        out += "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + column + " IS NOT NULL) NOT VALID;\n" +
               "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check + ";  -- in a later transaction\n";
    }
    out += "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL;\n";
    if (check_trick) out += "ALTER TABLE " + table + " DROP CONSTRAINT " + check + ";\n";
    if (!fast_default) return out + "(on PostgreSQL " + std::to_string(ctx.pg_version().major) + " a DEFAULT rewrites the table)";
    return out + "or, when one constant suits every row, give it a DEFAULT (no rewrite on PostgreSQL 11+):\n" + "ALTER TABLE " +
           table + " ADD COLUMN " + column + " " + type + " NOT NULL DEFAULT <constant>;";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    // A nullable column is filled with NULL, which it accepts.
    if (!add.column.not_null) return;
    // A non-null DEFAULT, identity, serial or generated column gives every existing row a value.
    if (fills_existing_rows(add.column)) return;
    // A table created earlier in this migration has no rows to fill.
    if (!is_existing_table(ctx, add.table)) return;
    // ADD COLUMN IF NOT EXISTS of a column the history already has does nothing.
    if (const auto* table = ctx.schema().table(add.table);
        add.if_not_exists && table != nullptr && table->column(add.column.name) != nullptr) {
        return;
    }
    auto builder = out.report(op.span, "adding NOT NULL column " + quoted(add.column.name) + " without a DEFAULT to " +
                                           quoted(add.table) + size_note(ctx, add.table) +
                                           " fails if the table has any row, after waiting for its ACCESS EXCLUSIVE lock");
    auto help = safe_way(add, ctx);
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

// ALTER TABLE ... RENAME COLUMN on a column that running code may still use.
// Lock: ACCESS EXCLUSIVE on the table, briefly; only the catalog changes
// (PostgreSQL manual, "ALTER TABLE": RENAME).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

// The column's type, when the replayed schema knows it.
const TypeRef* known_type(const RuleContext& ctx, const RenameColumn& rename) {
    const auto* table = ctx.schema().table(rename.table);
    const auto* column = table != nullptr ? table->column(rename.column) : nullptr;
    return column == nullptr || column->type.empty() ? nullptr : &column->type;
}

std::string sql_type(const TypeRef* type, const std::string& column) {
    if (type == nullptr) return "<type of " + column + ">";
    return type->written.empty() ? type->name : type->written;
}

// The SQLAlchemy spelling of common types; a placeholder for the rest.
std::string sa_type(const TypeRef* type, const std::string& column) {
    if (type == nullptr || type->array_dimensions != 0) return "<type of " + column + ">";
    const auto& n = type->name;
    if (n == "int4") return "sa.Integer()";
    if (n == "int8") return "sa.BigInteger()";
    if (n == "int2") return "sa.SmallInteger()";
    if (n == "text") return "sa.Text()";
    if (n == "bool") return "sa.Boolean()";
    if (n == "varchar") return type->modifiers.empty() ? "sa.String()" : "sa.String(" + std::to_string(type->modifiers[0]) + ")";
    if (n == "timestamptz") return "sa.DateTime(timezone=True)";
    if (n == "timestamp") return "sa.DateTime()";
    if (n == "date") return "sa.Date()";
    if (n == "uuid") return "sa.Uuid()";
    if (n == "jsonb") return "postgresql.JSONB()";
    return "<type of " + column + ">";
}

std::string safe_way(const RenameColumn& rename, const RuleContext& ctx) {
    const auto table = quote_qualified(rename.table);
    const auto old_column = quote_ident(rename.column);
    const auto new_column = quote_ident(rename.new_name);
    const auto* type = known_type(ctx, rename);
    const auto backfill = "UPDATE " + table + " SET " + new_column + " = " + old_column + " WHERE " + new_column + " IS NULL";
    if (ctx.is_alembic()) {
        const auto name = python_string(rename.table.name);
        const auto schema = alembic_schema(rename.table);
        return "add the new column, write to both, backfill, switch reads, then drop the old one, each step in its "
               "own release:\n"
               "op.add_column(" + name + ", sa.Column(" + python_string(rename.new_name) + ", " + sa_type(type, rename.column) + ")" + schema + ")\n"
               "# deploy code that writes both columns\n" +
               alembic_execute(backfill) + "  # in batches on a large table\n"
               "# deploy code that reads " + rename.new_name + ", then in a later revision:\n"
               "op.drop_column(" + name + ", " + python_string(rename.column) + schema + ")";
    }
    return "add the new column, write to both, backfill, switch reads, then drop the old one, each step in its own "
           "release:\n"
           "ALTER TABLE " + table + " ADD COLUMN " + new_column + " " + sql_type(type, rename.column) + ";\n"
           "-- deploy code that writes both columns\n" +
           backfill + ";  -- in batches on a large table\n"
           "-- deploy code that reads " + rename.new_name + ", then in a later migration:\n"
           "ALTER TABLE " + table + " DROP COLUMN " + old_column + ";";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& rename = op.as<RenameColumn>();
    // A table created earlier in this migration is unused: no running code knows the old name.
    if (!is_existing_table(ctx, rename.table)) return;
    // A column added earlier in this migration is not used by any running code yet.
    const auto* table = ctx.schema().table(rename.table);
    const auto* column = table != nullptr ? table->column(rename.column) : nullptr;
    if (column != nullptr && column->created_in == ctx.migration_index()) return;
    out.report(op.span, "renaming column " + quoted(rename.table.display() + "." + rename.column) + " to " +
                            quoted(rename.new_name) + " takes a brief ACCESS EXCLUSIVE lock on " +
                            quoted(rename.table) + " and breaks running code that still uses the old name")
        .help(safe_way(rename, ctx));
}

}  // namespace

const Rule& rename_column() {
    static const Rule rule{
        .id = "rename-column",
        .summary = "RENAME COLUMN breaks running application code that still uses the old name.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::rename_column},
        .check = &check,
        .tags = {"compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

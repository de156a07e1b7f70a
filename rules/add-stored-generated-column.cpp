// ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table.
// Lock: ACCESS EXCLUSIVE while every row is rewritten with the computed value
// (PostgreSQL manual, "ALTER TABLE", Notes: "Adding a ... stored generated
// column ... will require the entire table and its indexes to be rewritten").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddColumn& add, const RuleContext& ctx) {
    const auto table = quote_qualified(add.table);
    const auto column = quote_ident(add.column.name);
    if (ctx.is_alembic()) {
        return "add a plain nullable column, keep it current with a trigger, and backfill in batches:\n"
               "op.add_column(" + python_string(add.table.name) + ", sa.Column(" + python_string(add.column.name) +
               ", <type>, nullable=True)" + alembic_schema(add.table) + ")\n" +
               alembic_execute("CREATE TRIGGER ... BEFORE INSERT OR UPDATE ON " + table + " ...") + "\n"
               "# backfill existing rows in batches, one transaction per batch";
    }
    return "add a plain nullable column, keep it current with a trigger, and backfill in batches:\n"
           "ALTER TABLE " + table + " ADD COLUMN " + column + " <type>;\n"
           "CREATE TRIGGER ... BEFORE INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION ...;\n"
           "-- then, batch by batch: UPDATE " + table + " SET " + column + " = <expression> WHERE id BETWEEN ... ;";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    // Not a stored generated column: nothing is computed for existing rows.
    if (add.column.generated != Generated::stored) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    out.report(op.span, "adding stored generated column " + quoted(add.column.name) + " takes an ACCESS EXCLUSIVE lock on " +
                            quoted(add.table) + size_note(ctx, add.table) +
                            " and rewrites the whole table to compute it for every row")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, ctx));
}

}  // namespace

const Rule& add_stored_generated_column() {
    static const Rule rule{
        .id = "add-stored-generated-column",
        .summary = "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table rewrites the whole table under an ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .applies_to = {OpKind::add_column},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

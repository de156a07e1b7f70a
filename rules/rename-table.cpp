// ALTER TABLE ... RENAME TO on a table that running code may still use.
// Lock: ACCESS EXCLUSIVE on the table, briefly; only the catalog changes
// (PostgreSQL manual, "ALTER TABLE": RENAME).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const RenameTable& rename, const RuleContext& ctx) {
    const auto old_name = rename.table.display();
    const auto new_name = QualifiedName{rename.table.schema, rename.new_name}.display();
    const auto view = "CREATE VIEW " + old_name + " AS SELECT * FROM " + new_name;
    if (ctx.is_alembic()) {
        const auto schema = rename.table.schema.empty() ? std::string() : ", schema=\"" + rename.table.schema + "\"";
        return "keep the old name working through a view (simple views accept writes), and drop the view once no "
               "running code uses it:\n"
               "op.rename_table(\"" + rename.table.name + "\", \"" + rename.new_name + "\"" + schema + ")\n"
               "op.execute(\"" + view + "\")\n"
               "# in a later revision, after the deploy:\n"
               "op.execute(\"DROP VIEW " + old_name + "\")";
    }
    return "keep the old name working through a view (simple views accept writes), in the same transaction, and "
           "drop the view once no running code uses it:\n"
           "BEGIN;\n"
           "ALTER TABLE " + old_name + " RENAME TO " + rename.new_name + ";\n" +
           view + ";\n"
           "COMMIT;\n"
           "-- in a later migration, after the deploy:\n"
           "DROP VIEW " + old_name + ";";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& rename = op.as<RenameTable>();
    // A table created earlier in this migration is unused: no running code knows the old name.
    if (!is_existing_table(ctx, rename.table)) return;
    out.report(op.span, "renaming table " + quoted(rename.table) + " to " + quoted(rename.new_name) +
                            " takes a brief ACCESS EXCLUSIVE lock on it and breaks running code that still uses "
                            "the old name")
        .help(safe_way(rename, ctx));
}

}  // namespace

const Rule& rename_table() {
    static const Rule rule{
        .id = "rename-table",
        .summary = "RENAME of a table breaks running application code that still uses the old name.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::rename_table},
        .check = &check,
        .tags = {"compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

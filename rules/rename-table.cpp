// ALTER TABLE ... RENAME TO on a table that running code may still use.
// Lock: ACCESS EXCLUSIVE on the table, briefly; only the catalog changes
// (PostgreSQL manual, "ALTER TABLE": RENAME).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const RenameTable& rename, const Operation& op, const RuleContext& ctx) {
    const auto old_name = quote_qualified(rename.table);
    const auto new_name = quote_qualified({rename.table.schema, rename.new_name});
    return "keep the old name working through a view (simple views accept writes), in the same transaction, and "
           "drop the view once no running code uses it:\n" +
           SafeForm(op, ctx)
               .run_together({rename_table_step(rename.table, rename.new_name),
                              {"CREATE VIEW " + old_name + " AS SELECT * FROM " + new_name, {}}})
               .note("in a later " + std::string(unit_words(ctx).unit) + ", after the deploy:")
               .run("DROP VIEW " + old_name)
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& rename = op.as<RenameTable>();
    // A table created earlier in this migration is unused: no running code knows the old name.
    if (!is_existing_table(ctx, rename.table)) return;
    out.report(op.span, "renaming table " + quoted(rename.table) + " to " + quoted(rename.new_name) +
                            " takes a brief ACCESS EXCLUSIVE lock on it and breaks running code that still uses "
                            "the old name")
        .help(safe_way(rename, op, ctx));
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

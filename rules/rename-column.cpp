// ALTER TABLE ... RENAME COLUMN on a column that running code may still use.
// Lock: ACCESS EXCLUSIVE on the table, briefly; only the catalog changes
// (PostgreSQL manual, "ALTER TABLE": RENAME).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// The column's type, when the replayed schema knows it.
const TypeRef* known_type(const RuleContext& ctx, const RenameColumn& rename) {
    const auto* table = ctx.schema().table(rename.table);
    const auto* column = table != nullptr ? table->column(rename.column) : nullptr;
    return column == nullptr || column->type.empty() ? nullptr : &column->type;
}



std::string safe_way(const RenameColumn& rename, const Operation& op, const RuleContext& ctx) {
    const auto old_column = quote_ident(rename.column);
    const auto new_column = quote_ident(rename.new_name);
    const auto type = type_spelling(known_type(ctx, rename), false, "<type of " + rename.column + ">");
    return "add the new column, write to both, backfill, switch reads, then drop the old one, each step in its own "
           "release:\n" +
           SafeForm(op, ctx)
               .run(add_column_step(rename.table, {.name = rename.new_name, .type = type}))
               .note("deploy code that writes both columns")
               .run("UPDATE " + quote_qualified(rename.table) + " SET " + new_column + " = " + old_column + " WHERE " +
                        new_column + " IS NULL",
                    "in batches on a large table")
               .note("deploy code that reads " + rename.new_name + ", then in a later " + std::string(unit_words(ctx).unit) + ":")
               .run(drop_column_step(rename.table, rename.column))
               .text();
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
        .help(safe_way(rename, op, ctx));
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

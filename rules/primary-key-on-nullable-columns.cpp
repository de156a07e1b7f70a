// ADD CONSTRAINT ... PRIMARY KEY USING INDEX over a column that may hold NULLs.
// Lock: ACCESS EXCLUSIVE on the table, held while PostgreSQL marks each such
// column NOT NULL, which reads the whole table (PostgreSQL manual, "ALTER
// TABLE", ADD table_constraint_using_index: "If PRIMARY KEY is specified, and
// the index's columns are not already marked NOT NULL, then this command will
// attempt to do ALTER COLUMN SET NOT NULL against each such column. That
// requires a full table scan to verify the column(s) contain no nulls.").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// The index's key columns that the replayed schema does not show NOT NULL;
// empty when every one is, or when the history does not know the index or the table.
std::vector<std::string> nullable_key_columns(const AddConstraint& add, const RuleContext& ctx) {
    const auto* index = ctx.schema().index({add.table.schema, add.constraint.using_index});
    const auto* table = ctx.schema().table(add.table);
    if (index == nullptr || table == nullptr) return {};
    std::vector<std::string> nullable;
    for (const auto& name : index->columns) {
        const auto* column = table->column(name);
        if (column == nullptr) return {};  // an expression, or a column the history missed: cannot tell
        if (!column->not_null) nullable.push_back(name);
    }
    return nullable;
}

std::string safe_way(const AddConstraint& add, const std::vector<std::string>& columns, const Operation& op,
                     const RuleContext& ctx) {
    std::string help = "make the key columns NOT NULL first, without a long lock; attaching the index then checks nothing:";
    for (const auto& column : columns) help += "\n" + safe_not_null(add.table, column, op, ctx);
    const auto name = add.constraint.is_named() ? quote_ident(add.constraint.name) + " " : std::string{};
    const auto attach = "ALTER TABLE " + quote_qualified(add.table) + " ADD " +
                        (name.empty() ? std::string{} : "CONSTRAINT " + name) + "PRIMARY KEY USING INDEX " +
                        quote_ident(add.constraint.using_index);
    return help + "\nthen attach the index:\n" + SafeForm(op, ctx).run(attach).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddConstraint>();
    // Without USING INDEX the constraint builds its own index: add-primary-key judges that.
    if (add.constraint.kind != ConstraintKind::primary_key || add.constraint.using_index.empty()) return;
    // A table created earlier in this migration is empty and unused: the scan costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const auto columns = nullable_key_columns(add, ctx);
    if (columns.empty()) return;
    std::string listed;
    for (const auto& column : columns) listed += (listed.empty() ? "" : ", ") + quoted(column);
    out.report(op.span, "attaching index " + quoted(add.constraint.using_index) + " as the primary key sets " + listed +
                            " NOT NULL, which reads all of " + quoted(add.table) + size_note(ctx, add.table) +
                            " under an ACCESS EXCLUSIVE lock, blocking reads and writes")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, columns, op, ctx));
}

}  // namespace

const Rule& primary_key_on_nullable_columns() {
    static const Rule rule{
        .id = "primary-key-on-nullable-columns",
        .summary = "ADD PRIMARY KEY USING INDEX over columns that may hold NULLs sets them NOT NULL with a full scan under an "
                   "ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,  // the NOT NULL check reads every row (lock-truth)
        .applies_to = {OpKind::add_constraint},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

// ADD CONSTRAINT ... PRIMARY KEY on an existing table without USING INDEX.
// Lock: ACCESS EXCLUSIVE while the unique index is built and any nullable key
// column is scanned for NULLs (PostgreSQL manual, "ALTER TABLE": "most forms
// of ADD table_constraint require an ACCESS EXCLUSIVE lock"; "Adding a
// constraint using an existing index can be helpful in situations where a new
// constraint needs to be added without blocking table updates for a long
// time"; PRIMARY KEY also marks its columns NOT NULL).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"
#include "toolkit/index_text.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddConstraint& add, const Operation& op, const RuleContext& ctx) {
    const auto& c = add.constraint;
    const auto steps = index_then_constraint(add, c.is_named() ? c.name : generated_constraint_name(add.table, c));
    return "make the key columns NOT NULL without a long lock (set-not-null-scan), build the index concurrently "
           "(outside a transaction block), then attach it:\n" +
           SafeForm(op, ctx).run_outside_transaction(create_index_step(steps.index, {.concurrently = true})).run(steps.attach).text();
}

// True unless the replayed schema shows every key column already NOT NULL.
bool may_scan_for_nulls(const AddConstraint& add, const RuleContext& ctx) {
    const auto* table = ctx.schema().table(add.table);
    if (table == nullptr) return true;
    for (const auto& name : add.constraint.columns) {
        const auto* column = table->column(name);
        if (column == nullptr || !column->not_null) return true;
    }
    return false;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddConstraint>();
    const auto& c = add.constraint;
    if (c.kind != ConstraintKind::primary_key) return;
    // USING INDEX attaches an index built beforehand (concurrently): no build under the lock.
    if (!c.using_index.empty()) return;
    // A table created earlier in this migration is empty and unused: the build costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const auto label = c.is_named() ? "primary key " + quoted(c.name) : std::string("a primary key");
    out.report(op.span, "adding " + label + " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) + size_note(ctx, add.table) +
                            " and scans the whole table to build its unique index" +
                            (may_scan_for_nulls(add, ctx) ? " and check the key columns for NULLs" : "") +
                            ", blocking reads and writes")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, op, ctx))
        .fix(index_then_constraint_fix(op, ctx));
}

}  // namespace

const Rule& add_primary_key() {
    static const Rule rule{
        .id = "add-primary-key",
        .summary = "ADD CONSTRAINT ... PRIMARY KEY on an existing table builds its index and checks for NULLs under an ACCESS EXCLUSIVE lock; build the index concurrently and attach it with USING INDEX.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::sometimes,  // the concurrent index, then USING INDEX
        .fix_safety = FixSafety::unsafe,
        .fix_does = "builds the unique index CONCURRENTLY outside the transaction under the constraint's name, then attaches it with ADD CONSTRAINT ... PRIMARY KEY USING INDEX",
        .applies_to = {OpKind::add_constraint},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

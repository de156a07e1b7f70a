// ADD CONSTRAINT ... UNIQUE on an existing table without USING INDEX, and
// ADD COLUMN ... UNIQUE, which builds the same index under the same lock.
// Lock: ACCESS EXCLUSIVE while the unique index is built (PostgreSQL manual,
// "ALTER TABLE": "most forms of ADD table_constraint require an ACCESS
// EXCLUSIVE lock"; "ADD table_constraint_using_index ... the index can be
// built with CREATE INDEX CONCURRENTLY" and then attached without a scan).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddConstraint& add, const Operation& op, const RuleContext& ctx) {
    const auto& c = add.constraint;
    // Unnamed, the constraint would be <table>_<columns>_key: the index takes that name and keeps it.
    const auto steps = index_then_constraint(add, c.is_named() ? c.name : generated_constraint_name(add.table, c));
    return "build the unique index concurrently (outside a transaction block), then attach it as the constraint:\n" +
           SafeForm(op, ctx).run_outside_transaction(create_index_step(steps.index, {.concurrently = true})).run(steps.attach).text();
}

// ADD COLUMN c type UNIQUE: the column goes in alone, then the constraint the safe way.
std::string safe_way_inline(const AddColumn& add, const Constraint& c, const Operation& op, const RuleContext& ctx) {
    const auto type = type_spelling(&add.column.type, help_language(op, ctx) == HelpLanguage::alembic, "<type>");
    return "add the column without UNIQUE first:\n" +
           SafeForm(op, ctx).run(add_column_step(add.table, {.name = add.column.name, .type = type})).text() + "\nthen " +
           safe_way(AddConstraint{add.table, c}, op, ctx);
}

void check_inline(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    if (!is_existing_table(ctx, add.table)) return;
    for (const auto& c : add.column.constraints) {
        if (c.kind != ConstraintKind::unique || !c.using_index.empty()) continue;
        out.report(op.span, "adding column " + quoted(add.column.name) + " with UNIQUE builds its unique index under the "
                            "ACCESS EXCLUSIVE lock the ADD COLUMN takes on " + quoted(add.table) + size_note(ctx, add.table) +
                            ", scanning the whole table while reads and writes wait")
            .severity(lock_severity(ctx, add.table, Severity::warning))
            .help(safe_way_inline(add, c, op, ctx));
    }
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (op.kind() == OpKind::add_column) {
        check_inline(op, ctx, out);
        return;
    }
    const auto& add = op.as<AddConstraint>();
    const auto& c = add.constraint;
    if (c.kind != ConstraintKind::unique) return;
    // USING INDEX attaches an index built beforehand (concurrently): no build under the lock.
    if (!c.using_index.empty()) return;
    // A table created earlier in this migration is empty and unused: the build costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const auto label = c.is_named() ? "unique constraint " + quoted(c.name) : std::string("a unique constraint");
    out.report(op.span, "adding " + label + " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) +
                            size_note(ctx, add.table) +
                            " and scans the whole table to build its unique index, blocking reads and writes")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, op, ctx))
        .fix(index_then_constraint_fix(op, ctx));
}

}  // namespace

const Rule& add_unique_constraint() {
    static const Rule rule{
        .id = "add-unique-constraint",
        .summary = "ADD CONSTRAINT ... UNIQUE on an existing table builds its index under an ACCESS EXCLUSIVE lock; build the index concurrently and attach it with USING INDEX.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::sometimes,  // the concurrent index, then USING INDEX
        .fix_safety = FixSafety::unsafe,
        .fix_does = "builds the unique index CONCURRENTLY outside the transaction under the constraint's name, then attaches it with ADD CONSTRAINT ... UNIQUE USING INDEX",
        .applies_to = {OpKind::add_constraint, OpKind::add_column},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

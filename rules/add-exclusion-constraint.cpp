// ADD CONSTRAINT ... EXCLUDE on an existing table.
// Lock: ACCESS EXCLUSIVE while the backing index is built and every row is
// checked (PostgreSQL manual, "ALTER TABLE": "most forms of ADD
// table_constraint require an ACCESS EXCLUSIVE lock"; USING INDEX accepts only
// UNIQUE and PRIMARY KEY, so an exclusion constraint has no concurrent path).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddConstraint>();
    const auto& c = add.constraint;
    if (c.kind != ConstraintKind::exclusion) return;
    // A table created earlier in this migration is empty and unused: the build costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    const auto label = c.is_named() ? "exclusion constraint " + quoted(c.name) : std::string("an exclusion constraint");
    out.report(op.span, "adding " + label + " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) + size_note(ctx, add.table) +
                            " and scans the whole table to build its index, blocking reads and writes")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(std::string("an exclusion constraint cannot be built concurrently or attached with USING INDEX: "
                          "add it while the table is new or small, or in a maintenance window, with a lock_timeout so "
                          "a long queue cannot form behind it:\n") +
              SafeForm(op, ctx).run("SET lock_timeout = '5s'").text());
}

}  // namespace

const Rule& add_exclusion_constraint() {
    static const Rule rule{
        .id = "add-exclusion-constraint",
        .summary = "ADD CONSTRAINT ... EXCLUDE on an existing table builds its index under an ACCESS EXCLUSIVE lock, and there is no concurrent alternative.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .applies_to = {OpKind::add_constraint},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

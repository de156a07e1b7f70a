// CREATE DOMAIN with a CHECK constraint.
// Harmless when it runs (no table uses the new domain yet), but every later
// ALTER DOMAIN ... ADD CONSTRAINT or VALIDATE CONSTRAINT scans every column
// using the domain under a SHARE lock on each table, and a domain's CHECK
// cannot be changed in place (PostgreSQL manual, "CREATE DOMAIN", "ALTER DOMAIN").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& create = op.as<CreateDomain>();
    // A domain without CHECK never makes a later constraint change scan tables through it.
    if (!create.has_constraint) return;
    const auto base = create.base.written.empty() ? create.base.name : create.base.written;
    const auto column = "ALTER TABLE <table> ADD CONSTRAINT <table>_<column>_check CHECK (<condition on column>) NOT VALID";
    out.report(op.span, "domain " + quoted(create.domain) + " carries a CHECK constraint, so every later change to its "
                        "constraints scans all columns that use it, blocking writes to each of their tables")
        .help("if the rule may change, put the CHECK on each table column instead, where it can be added NOT VALID and "
              "validated without blocking writes:\n" +
              SafeForm(op, ctx).run("CREATE DOMAIN " + quote_qualified(create.domain) + " AS " + base).run(column).text());
}

}  // namespace

const Rule& create_domain_with_constraint() {
    static const Rule rule{
        .id = "create-domain-with-constraint",
        .summary = "CREATE DOMAIN with a CHECK constraint makes every later constraint change scan every table using the domain.",
        .default_severity = Severity::info,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_domain},
        .check = &check,
        .tags = {"domain"},
    };
    return rule;
}

}  // namespace miglint::rules

// ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID.
// PostgreSQL checks every value of every column using the domain, holding a
// SHARE lock on each such table while it scans it (PostgreSQL manual, "ALTER
// DOMAIN": ADD domain_constraint [ NOT VALID ]; typecmds.c,
// validateDomainConstraint). With NOT VALID only new values are checked.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

bool names_same(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

// True when an earlier operation of this migration created the domain: only tables
// created since can use it, and they are new too.
bool domain_created_in_this_migration(const QualifiedName& domain, const RuleContext& ctx) {
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto* create = ctx.operations()[i].get<CreateDomain>();
        if (create != nullptr && names_same(create->domain, domain)) return true;
    }
    return false;
}

std::string safe_way(const AlterDomainAddConstraint& add, const Operation& op, const RuleContext& ctx) {
    const auto domain = quote_qualified(add.domain);
    const auto name = quote_ident(add.constraint.is_named() ? add.constraint.name : add.domain.name + "_check");
    const auto check = add.constraint.check ? add.constraint.check->text : std::string("<condition>");
    return "add it NOT VALID, which checks only new values and scans nothing, then validate it on its own at a quiet time "
           "(VALIDATE still holds SHARE on each table while it scans):\n" +
           SafeForm(op, ctx)
               .run("ALTER DOMAIN " + domain + " ADD CONSTRAINT " + name + " CHECK (" + check + ") NOT VALID")
               .commit()
               .run_outside_transaction("ALTER DOMAIN " + domain + " VALIDATE CONSTRAINT " + name)
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AlterDomainAddConstraint>();
    // NOT VALID checks new values only: no table is scanned or locked.
    if (add.constraint.not_valid) return;
    // A domain created earlier in this migration is used only by tables created since, which are new.
    if (domain_created_in_this_migration(add.domain, ctx)) return;
    const auto name = add.constraint.is_named() ? "constraint " + quoted(add.constraint.name) : std::string("a constraint");
    out.report(op.span, "adding " + name + " to domain " + quoted(add.domain) +
                            " scans every column that uses the domain, holding a SHARE lock on each table and blocking "
                            "its writes until the scan ends")
        .help(safe_way(add, op, ctx));
}

}  // namespace

const Rule& alter_domain_add_constraint() {
    static const Rule rule{
        .id = "alter-domain-add-constraint",
        .summary = "ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID scans every column using the domain while blocking writes.",
        .default_severity = Severity::warning,
        .lock = "SHARE",
        .blocks = "writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::alter_domain_add_constraint},
        .check = &check,
        .tags = {"locking", "domain"},
    };
    return rule;
}

}  // namespace miglint::rules

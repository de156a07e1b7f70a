// DROP SCHEMA in a migration.
// Lock: ACCESS EXCLUSIVE on every object it drops; without CASCADE it fails
// unless the schema is empty (PostgreSQL manual, "DROP SCHEMA").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const DropSchema& drop, const Operation& op, const RuleContext& ctx) {
    return "drop the tables of " + quoted(drop.schema) + " one by one, each in its own " + std::string(unit_words(ctx).unit) +
           " after the code stops using it, then the empty schema without CASCADE:\n" +
           SafeForm(op, ctx).run("DROP SCHEMA " + quote_ident(drop.schema)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropSchema>();
    // No exclusion: the schema state does not record CREATE SCHEMA, so a schema
    // created earlier in this migration cannot be told from an existing one.
    const auto message = drop.cascade
                             ? "dropping schema " + quoted(drop.schema) +
                                   " with CASCADE takes ACCESS EXCLUSIVE locks on every table in it and deletes "
                                   "them all with their data"
                             : "dropping schema " + quoted(drop.schema) +
                                   " breaks running code that still refers to it, and fails unless it is empty";
    out.report(op.span, message).help(safe_way(drop, op, ctx));
}

}  // namespace

const Rule& drop_schema() {
    static const Rule rule{
        .id = "drop-schema",
        .summary = "DROP SCHEMA deletes every object in the schema, or fails, and breaks code that uses it.",
        .default_severity = Severity::error,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::drop_schema},
        .check = &check,
        .tags = {"data-loss", "compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

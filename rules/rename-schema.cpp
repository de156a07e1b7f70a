// ALTER SCHEMA ... RENAME TO while running code may still name the schema.
// It takes no lock on the schema's tables; only the catalog entry of the
// schema changes (PostgreSQL manual, "ALTER SCHEMA").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const RenameSchema& rename, const Operation& op, const RuleContext& ctx) {
    const auto old_name = quote_ident(rename.schema);
    const auto new_name = quote_ident(rename.new_name);
    return "first deploy code that finds its tables through search_path, not the `" + rename.schema +
           ".` prefix, with both names on the path; then rename:\n" +
           SafeForm(op, ctx)
               .run("ALTER ROLE <application role> SET search_path = " + new_name + ", " + old_name + ", public")
               .note("deploy, then in a later " + std::string(unit_words(ctx).unit) + ":")
               .run("ALTER SCHEMA " + old_name + " RENAME TO " + new_name)
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& rename = op.as<RenameSchema>();
    // No exclusion: the schema state does not record CREATE SCHEMA, so a schema
    // created earlier in this migration cannot be told from an existing one.
    out.report(op.span, "renaming schema " + quoted(rename.schema) + " to " + quoted(rename.new_name) +
                            " breaks running code, search_path settings and grants scripts that still name " +
                            quoted(rename.schema))
        .help(safe_way(rename, op, ctx));
}

}  // namespace

const Rule& rename_schema() {
    static const Rule rule{
        .id = "rename-schema",
        .summary = "RENAME of a schema breaks running code and settings that still use the old name.",
        .default_severity = Severity::warning,
        .applies_to = {OpKind::rename_schema},
        .check = &check,
        .tags = {"compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

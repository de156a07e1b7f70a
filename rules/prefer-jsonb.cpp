// A json column.
// No lock: json keeps the input text and re-parses it on every access, has no
// equality operator and no GIN operator class (PostgreSQL manual, "JSON
// Types": "In general, most applications should prefer to store JSON data as
// jsonb, unless there are quite specialized needs").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

std::string sqlalchemy_jsonb(const TypeRef& type) {
    if (type.array_dimensions == 0) return "postgresql.JSONB()";
    return "sa.ARRAY(postgresql.JSONB()" +
           (type.array_dimensions > 1 ? ", dimensions=" + std::to_string(type.array_dimensions) : std::string{}) + ")";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    for (const auto& use : column_type_uses(op)) {
        const auto& type = *use.type;
        // Only the json type itself (jsonb, or a user type called json in a schema, are other types).
        if (type.name != "json" || !type.schema.empty()) continue;
        // A temporary table vanishes with the session: nothing queries it later.
        if (use.temporary_table) continue;
        TypeRef binary = type;
        binary.name = "jsonb";
        const Retype retype{sql_type_name(binary), sqlalchemy_jsonb(type), std::nullopt, ""};
        out.report(use.span, quoted(use.table.display() + "." + use.column_name) +
                                 " is json: it is re-parsed on every access, cannot be indexed with GIN, and has no "
                                 "equality operator, so DISTINCT, GROUP BY and UNION over it fail")
            .help("declare it as jsonb:\n" + retyped_declaration(use, retype, op, ctx));
    }
}

}  // namespace

const Rule& prefer_jsonb() {
    static const Rule rule{
        .id = "prefer-jsonb",
        .summary = "A json column is re-parsed on every access and cannot be indexed or compared; jsonb can.",
        .default_severity = Severity::info,
        .enabled_by_default = false,  // the opt-in "style" group
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::add_column, OpKind::alter_column_type},
        .check = &check,
        .tags = {"schema-quality", "style"},
    };
    return rule;
}

}  // namespace miglint::rules

// A timestamp (without time zone) column.
// No lock: the hazard is in the data. A timestamp stores a wall-clock reading
// with no offset, so the same instant written from sessions in different
// TimeZone settings is stored differently (PostgreSQL manual, "Date/Time
// Types": "In a literal that has been determined to be timestamp without time
// zone, PostgreSQL will silently ignore any time zone indication").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

// The SQLAlchemy type for timestamptz with `type`'s precision and array dimensions.
std::string sqlalchemy_timestamptz(const TypeRef& type) {
    std::string base = type.modifiers.empty()
                           ? "sa.DateTime(timezone=True)"
                           : "postgresql.TIMESTAMP(timezone=True, precision=" + std::to_string(type.modifiers.front()) + ")";
    if (type.array_dimensions == 0) return base;
    return "sa.ARRAY(" + base + (type.array_dimensions > 1 ? ", dimensions=" + std::to_string(type.array_dimensions) : "") + ")";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    for (const auto& use : column_type_uses(op)) {
        const auto& type = *use.type;
        // Only timestamp without time zone; timestamptz, date and time are other types.
        if (type.name != "timestamp" || !type.schema.empty()) continue;
        // A temporary table vanishes with the session: its values never meet another time zone.
        if (use.temporary_table) continue;
        TypeRef with_zone = type;
        with_zone.name = "timestamptz";
        const Retype retype{sql_type_name(with_zone), sqlalchemy_timestamptz(type), std::nullopt, ""};
        out.report(use.span, quoted(use.table.display() + "." + use.column_name) +
                                 " is timestamp without time zone: it stores wall-clock times with no offset, so values "
                                 "written by sessions or servers in different time zones cannot be compared or "
                                 "converted correctly")
            .help("declare it as timestamptz, which stores an absolute instant and converts on input and output:\n" +
                  retyped_declaration(use, retype, op, ctx));
    }
}

}  // namespace

const Rule& prefer_timestamptz() {
    static const Rule rule{
        .id = "prefer-timestamptz",
        .summary = "A timestamp without time zone column stores wall-clock times with no offset; timestamptz stores the instant.",
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

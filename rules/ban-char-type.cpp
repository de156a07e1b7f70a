// A char(n) / character(n) / bpchar column.
// No lock: the hazard is in the values. char(n) pads with spaces to n
// characters and ignores trailing spaces in comparisons, but they are
// significant to LIKE and regular expressions (PostgreSQL manual, "Character
// Types": "trailing spaces are treated as semantically insignificant";
// "character(n) is usually the slowest of the three because of its additional
// storage costs").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    for (const auto& use : column_type_uses(op)) {
        const auto& type = *use.type;
        // Only the blank-padded type; "char" (quoted, one byte) is a different, internal type.
        if (type.name != "bpchar" || !type.schema.empty()) continue;
        // An array's elements cannot carry the replacement CHECK (char_length of an array is not defined).
        if (type.array_dimensions != 0) continue;
        // A temporary table vanishes with the session.
        if (use.temporary_table) continue;
        const auto column = quote_ident(use.column_name);
        const Retype retype{"text", "sa.Text()", std::nullopt,
                            type.modifiers.empty() ? std::string{}
                                                   : "char_length(" + column + ") <= " + std::to_string(type.modifiers.front())};
        out.report(use.span, quoted(use.table.display() + "." + use.column_name) + " is " + sql_type_name(type) +
                                 ": values are blank-padded, the trailing spaces are ignored by = but significant to "
                                 "LIKE and regular expressions and lost on conversion to text, and it is no faster than text")
            .help("declare it as text, keeping the length as a CHECK constraint:\n" + retyped_declaration(use, retype, op, ctx));
    }
}

}  // namespace

const Rule& ban_char_type() {
    static const Rule rule{
        .id = "ban-char-type",
        .summary = "A char(n) column pads its values with spaces that some comparisons ignore and others do not.",
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

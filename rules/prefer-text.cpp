// A varchar(n) column (character varying with a length limit).
// No lock of its own; the hazard is the later change of n, which is an
// ALTER COLUMN ... TYPE under ACCESS EXCLUSIVE and fails while a view or rule
// uses the column (PostgreSQL manual, "Character Types": "There is no
// performance difference among these three types, apart from increased
// storage space when using the blank-padded type"; "ALTER TABLE": SET DATA TYPE).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    for (const auto& use : column_type_uses(op)) {
        const auto& type = *use.type;
        // Only character varying with a length: varchar without one is text by another name.
        if (type.name != "varchar" || !type.schema.empty() || type.modifiers.empty()) continue;
        // An array's elements cannot carry the replacement CHECK (char_length of an array is not defined).
        if (type.array_dimensions != 0) continue;
        // A temporary table vanishes with the session: no later migration changes its limit.
        if (use.temporary_table) continue;
        const auto limit = std::to_string(type.modifiers.front());
        const Retype retype{"text", "sa.Text()", std::nullopt,
                            "char_length(" + quote_ident(use.column_name) + ") <= " + limit};
        out.report(use.span, quoted(use.table.display() + "." + use.column_name) + " is " + sql_type_name(type) +
                                 ": changing the limit later takes an ACCESS EXCLUSIVE lock on " + quoted(use.table) +
                                 " and fails while a view uses the column, and text with a CHECK is just as fast")
            .help("declare it as text and keep the limit as a CHECK constraint, which can be changed without "
                  "touching the column:\n" + retyped_declaration(use, retype, op, ctx));
    }
}

}  // namespace

const Rule& prefer_text() {
    static const Rule rule{
        .id = "prefer-text",
        .summary = "A varchar(n) column fixes its limit in the type, where changing it takes an ACCESS EXCLUSIVE lock; text with a CHECK is no slower.",
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

// ALTER TYPE ... ADD VALUE without BEFORE or AFTER.
// The new label sorts after every existing one (PostgreSQL manual,
// "ALTER TYPE": "If neither BEFORE nor AFTER is specified, the new value is
// placed at the end of the list of values"; "Enumerated Types": ordering is
// the order the values were listed). Off by default: appending is often meant.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AlterEnumAddValue>();
    // BEFORE or AFTER names the place: the author chose it.
    if (!add.neighbour.empty()) return;
    const auto* known = ctx.schema().enum_type(add.type);
    // The last value, when the replayed history knows the type.
    const std::string last = known != nullptr && !known->values.empty() ? known->values.back() : "<existing value>";
    const auto place = [&](std::string_view where, const std::string& neighbour) {
        const auto sql = "ALTER TYPE " + quote_qualified(add.type) + " ADD VALUE " + std::string(add.if_not_exists ? "IF NOT EXISTS " : "") +
                         sql_string(add.value) + " " + std::string(where) + " " + sql_string(neighbour);
        return SafeForm(op, ctx).run(sql).text();
    };
    out.report(op.span, "value " + sql_string(add.value) + " is appended to enum " + quoted(add.type) +
                            ", so it sorts after every existing value in ORDER BY, comparisons and min()/max()")
        .help("name its place in the sort order, even when the end is intended:\n" + place("AFTER", last) +
              "\nor, to sort it before a value:\n" + place("BEFORE", "<existing value>"));
}

}  // namespace

const Rule& enum_value_ordering() {
    static const Rule rule{
        .id = "enum-value-ordering",
        .summary = "ALTER TYPE ... ADD VALUE without BEFORE or AFTER appends the value, which may not be the intended sort order.",
        .default_severity = Severity::info,
        .enabled_by_default = false,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::alter_enum_add_value},
        .check = &check,
        .tags = {"enum"},
    };
    return rule;
}

}  // namespace miglint::rules

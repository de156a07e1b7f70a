// DROP TYPE of an enum type that a column still uses, as the replayed history
// shows: without CASCADE the statement fails ("cannot drop type ... because
// other objects depend on it"); with CASCADE PostgreSQL drops those columns
// and their data, each under an ACCESS EXCLUSIVE lock on its table
// (PostgreSQL manual, "DROP TYPE"; "Explicit Locking").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        out += (i == 0 ? "" : (i + 1 == columns.size() ? " and " : ", ")) + quoted(columns[i]);
    }
    return out;
}

// Converting each column to text first leaves no dependency behind; the
// values survive as their labels.
std::string safe_way(const DropType& drop, const std::vector<std::string>& columns, const Operation& op,
                     const RuleContext& ctx) {
    SafeForm steps(op, ctx);
    for (const auto& key : columns) {
        const auto [table, column] = column_of_key(key);
        steps.run("ALTER TABLE " + quote_qualified(table) + " ALTER COLUMN " + quote_ident(column) + " TYPE text USING " +
                  quote_ident(column) + "::text");
    }
    steps.run("DROP TYPE " + quote_qualified(drop.type));
    return "convert (or drop, deliberately) every column of the type first, then drop the type without CASCADE:\n" + steps.text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropType>();
    const auto columns = ctx.schema().columns_using_enum(drop.type);
    // No column the history knows uses the type; one the history never saw may,
    // but the rule does not guess (drop-type warns about running code).
    if (columns.empty()) return;
    const bool several = columns.size() > 1;
    const std::string consequence =
        drop.cascade ? ", and CASCADE drops " + std::string(several ? "those columns" : "that column") +
                           " with all their data, each under an ACCESS EXCLUSIVE lock on its table"
                     : ", so the statement fails: PostgreSQL will not drop a type a column depends on";
    out.report(op.span, "enum type " + quoted(drop.type) + " is still used by " + column_list(columns) + consequence)
        .help(safe_way(drop, columns, op, ctx));
}

}  // namespace

const Rule& enum_type_in_use() {
    static const Rule rule{
        .id = "enum-type-in-use",
        .summary = "DROP TYPE of an enum that a column still uses fails, or with CASCADE drops the column and its data.",
        .default_severity = Severity::error,
        .applies_to = {OpKind::drop_type},
        .check = &check,
        .tags = {"data-loss", "history"},
    };
    return rule;
}

}  // namespace miglint::rules

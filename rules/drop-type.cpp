// DROP TYPE of an enum (or DROP DOMAIN) this migration did not create.
// Lock: none on tables without CASCADE, which then fails while a column uses
// the type; with CASCADE, the columns of that type are dropped, each under an
// ACCESS EXCLUSIVE lock on its table (PostgreSQL manual, "DROP TYPE").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i == 0 ? "" : ", ") + quoted(columns[i]);
    return out;
}

std::string safe_way(const DropType& drop, const std::vector<std::string>& columns, const Operation& op,
                     const RuleContext& ctx) {
    std::string table = "<table>";
    std::string column = "<column>";
    if (!columns.empty()) {
        const auto first = column_of_key(columns.front());
        table = quote_qualified(first.table);
        column = quote_ident(first.column);
    }
    return "first deploy code that no longer names " + quoted(drop.type) +
           ", convert or drop every column of that type, then drop it without CASCADE:\n" +
           SafeForm(op, ctx)
               .run("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE text")
               .run("DROP TYPE " + quote_qualified(drop.type))
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropType>();
    // An enum created earlier in this migration is used by no running code, and
    // only by columns this migration added.
    if (const auto* known = ctx.schema().enum_type(drop.type); known != nullptr && known->created_in == ctx.migration_index()) {
        return;
    }
    // Named by a rename earlier in this migration (the enum swap: rename the old
    // type away, create the new one, convert the columns, drop the old): no
    // running code knows that name.
    if (ctx.schema().type_renamed_in(drop.type) == ctx.migration_index()) return;
    const auto columns = ctx.schema().columns_using_enum(drop.type);
    std::string consequence;
    if (drop.cascade) {
        consequence = columns.empty() ? ", and CASCADE drops every column of that type with its data"
                                      : ", and CASCADE drops " + column_list(columns) +
                                            " with their data under ACCESS EXCLUSIVE locks";
    } else if (!columns.empty()) {
        consequence = ", and fails while " + column_list(columns) + (columns.size() == 1 ? " still uses" : " still use") + " it";
    }
    out.report(op.span, "dropping type " + quoted(drop.type) + " breaks running code that still casts to it" + consequence)
        .help(safe_way(drop, columns, op, ctx));
}

}  // namespace

const Rule& drop_type() {
    static const Rule rule{
        .id = "drop-type",
        .summary = "DROP TYPE of an existing enum breaks code that uses it, and with CASCADE drops its columns.",
        .default_severity = Severity::warning,
        .applies_to = {OpKind::drop_type},
        .check = &check,
        .tags = {"data-loss", "compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

// ALTER TYPE ... RENAME VALUE on an existing enum type (PostgreSQL 10+).
// The label changes in place at once; stored rows follow, but running code
// that writes or compares the old label fails ("invalid input value for
// enum") (PostgreSQL manual, "ALTER TYPE": RENAME VALUE, added in 10).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

constexpr PgVersion k_rename_value_since{10, 0};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + quoted(item);
    return out;
}

std::string safe_way(const AlterEnumRenameValue& rename, const Operation& op, const RuleContext& ctx) {
    const auto type = quote_qualified(rename.type);
    const auto add = "ALTER TYPE " + type + " ADD VALUE IF NOT EXISTS " + sql_string(rename.new_value) + " AFTER " +
                     sql_string(rename.old_value);
    const auto columns = ctx.schema().columns_using_enum(rename.type);
    // The first known column using the type, else placeholders.
    std::string table = "<table>";
    std::string column = "<column>";
    if (!columns.empty() && columns.front().rfind('.') != std::string::npos) {
        const auto first = column_of_key(columns.front());
        table = quote_qualified(first.table);
        column = quote_ident(first.column);
    }
    const auto update = "UPDATE " + table + " SET " + column + " = " + sql_string(rename.new_value) + " WHERE " + column +
                        " = " + sql_string(rename.old_value);
    const auto used_by = columns.empty() ? std::string() : " (" + joined(columns) + " use the type)";
    return "add the new value instead, and move code and rows over while both exist" + used_by + ":\n" +
           SafeForm(op, ctx)
               .run_outside_transaction(add)
               .commit()
               .note("deploy code that reads both and writes " + sql_string(rename.new_value) + ", then backfill in batches:")
               .run(update)
               .note("the old value cannot be dropped; leave it unused")
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& rename = op.as<AlterEnumRenameValue>();
    // A type created earlier in this migration: no running code writes its values yet.
    if (const auto* known = ctx.schema().enum_type(rename.type); known != nullptr && known->created_in == ctx.migration_index()) return;
    out.report(op.span, "renaming value " + sql_string(rename.old_value) + " of enum " + quoted(rename.type) + " to " +
                            sql_string(rename.new_value) + " takes effect at once, so running code that writes or compares " +
                            sql_string(rename.old_value) + " fails with \"invalid input value for enum\"")
        .help(safe_way(rename, op, ctx));
}

}  // namespace

const Rule& rename_enum_value() {
    static const Rule rule{
        .id = "rename-enum-value",
        .summary = "ALTER TYPE ... RENAME VALUE breaks running code that still writes or compares the old value.",
        .default_severity = Severity::warning,
        .lock = "",
        .blocks = "",
        .pg_versions = {k_rename_value_since, PgVersion{1000, 0}},
        .fix = FixAvailability::never,
        .applies_to = {OpKind::alter_enum_rename_value},
        .check = &check,
        .tags = {"enum", "compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

// DROP TABLE of a table this migration did not create.
// Lock: ACCESS EXCLUSIVE on the table, on the tables its foreign keys reference
// (their triggers are dropped), and, with CASCADE, on the objects that depend
// on it, until the transaction ends (PostgreSQL manual, "DROP TABLE";
// "Explicit Locking": ACCESS EXCLUSIVE is taken by DROP TABLE).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const DropTable& drop, const Operation& op, const RuleContext& ctx) {
    const auto copy = "CREATE TABLE " + quote_qualified({drop.table.schema, drop.table.name + "_backup"}) + " AS TABLE " +
                      quote_qualified(drop.table);
    return "first deploy code that no longer uses " + quoted(drop.table) +
           ", keep a copy if the data may be needed, then drop it in a later " + std::string(unit_words(ctx).unit) + ":\n" +
           SafeForm(op, ctx).run(copy).run(drop_table_step(drop.table)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropTable>();
    // A table created earlier in this migration holds nothing and no running code uses it.
    if (!is_existing_table(ctx, drop.table)) return;
    const std::string cascade =
        drop.cascade ? ", and CASCADE also drops the views and foreign keys that depend on it" : "";
    // Its foreign keys' triggers live on the tables they reference: dropping them locks those tables too.
    std::string referenced;
    for (const auto& table : tables_its_foreign_keys_reference(drop.table, ctx)) {
        referenced += (referenced.empty() ? "" : ", ") + quoted(table);
    }
    const std::string also = referenced.empty() ? "" : " (and on " + referenced + ", which its foreign keys reference)";
    out.report(op.span, "dropping table " + quoted(drop.table) + " takes an ACCESS EXCLUSIVE lock on it" + also +
                            ", breaks running code that still uses it and deletes all its rows" + cascade)
        .help(safe_way(drop, op, ctx));
}

}  // namespace

const Rule& drop_table() {
    static const Rule rule{
        .id = "drop-table",
        .summary = "DROP TABLE of an existing table breaks running code that uses it and deletes its data.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::drop_table},
        .check = &check,
        .tags = {"data-loss", "compatibility"},
    };
    return rule;
}

}  // namespace miglint::rules

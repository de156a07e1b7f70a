// ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table.
// Lock: ACCESS EXCLUSIVE while every row is rewritten with the computed value
// (PostgreSQL manual, "ALTER TABLE", Notes: "Adding a ... stored generated
// column ... will require the entire table and its indexes to be rewritten").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const AddColumn& add, const Operation& op, const RuleContext& ctx) {
    const auto table = quote_qualified(add.table);
    const auto type = type_spelling(&add.column.type, help_language(op, ctx) == HelpLanguage::alembic, "<type>");
    return "add a plain nullable column, keep it current with a trigger, and backfill in batches:\n" +
           SafeForm(op, ctx)
               .run(add_column_step(add.table, {.name = add.column.name, .type = type, .nullable = true}))
               .run("CREATE TRIGGER ... BEFORE INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION ...")
               .repeat_in_batches(batch_update(add.table, quote_ident(add.column.name) + " = <expression>",
                                               quote_ident(add.column.name) + " IS NULL"))
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    // Not a stored generated column: nothing is computed for existing rows.
    if (add.column.generated != Generated::stored) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, add.table)) return;
    out.report(op.span, "adding stored generated column " + quoted(add.column.name) + " takes an ACCESS EXCLUSIVE lock on " +
                            quoted(add.table) + size_note(ctx, add.table) +
                            " and rewrites the whole table to compute it for every row")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(safe_way(add, op, ctx));
}

}  // namespace

const Rule& add_stored_generated_column() {
    static const Rule rule{
        .id = "add-stored-generated-column",
        .summary = "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table rewrites the whole table under an ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .applies_to = {OpKind::add_column},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

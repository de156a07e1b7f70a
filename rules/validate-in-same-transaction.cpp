// VALIDATE CONSTRAINT in the same transaction as the ADD CONSTRAINT ... NOT VALID
// it validates.
// Lock: the ADD took SHARE ROW EXCLUSIVE (foreign key, both tables) or ACCESS
// EXCLUSIVE (check); locks are held until the transaction ends, so the scan
// VALIDATE runs happens under that lock, not the SHARE UPDATE EXCLUSIVE
// VALIDATE alone would take (PostgreSQL manual, "ALTER TABLE", VALIDATE
// CONSTRAINT; "Explicit Locking": "Once acquired, a lock is normally held
// until the end of the transaction").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

// The NOT VALID AddConstraint of `name` on `table` earlier in transaction `transaction`, or null.
const Operation* matching_add(const ValidateConstraint& validate, std::uint32_t transaction, const RuleContext& ctx) {
    const auto& ops = ctx.operations();
    const auto table = SchemaState::key(validate.table);
    for (std::size_t i = 0; i < ctx.position() && i < ops.size(); ++i) {
        const auto* add = ops[i].get<AddConstraint>();
        if (add == nullptr || ops[i].transaction_id != transaction) continue;
        if (add->constraint.not_valid && add->constraint.name == validate.name && SchemaState::key(add->table) == table) {
            return &ops[i];
        }
    }
    return nullptr;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& validate = op.as<ValidateConstraint>();
    // Outside a transaction block each statement commits alone: the ADD's lock is gone.
    if (op.in_transaction != InTransaction::yes || op.transaction_id == 0) return;
    // A table created earlier in this migration is empty: the scan is instant.
    if (!is_existing_table(ctx, validate.table)) return;
    const auto* add_op = matching_add(validate, op.transaction_id, ctx);
    // Added in another transaction (or another migration): VALIDATE takes only SHARE UPDATE EXCLUSIVE.
    if (add_op == nullptr) return;
    const auto& c = add_op->as<AddConstraint>().constraint;
    const bool is_fk = c.kind == ConstraintKind::foreign_key;
    const auto lock = is_fk ? "the SHARE ROW EXCLUSIVE lock on " + quoted(validate.table) + " and " + quoted(c.referenced_table)
                            : "the ACCESS EXCLUSIVE lock on " + quoted(validate.table);
    const auto blocked = is_fk ? std::string("writes") : std::string("reads and writes");
    const auto sql = "ALTER TABLE " + quote_qualified(validate.table) + " VALIDATE CONSTRAINT " + quote_ident(validate.name);
    out.report(op.span, "validating " + quoted(validate.name) + " in the transaction that added it keeps " + lock +
                            size_note(ctx, validate.table) + " from the ADD CONSTRAINT while every row is scanned, blocking " +
                            blocked + " and defeating NOT VALID")
        .severity(lock_severity(ctx, validate.table, Severity::warning))
        .help("commit between the two statements, or move the validation to the next " + std::string(unit_words(ctx).unit) +
              ":\n" + SafeForm(op, ctx).commit().run_outside_transaction(sql).text());
}

}  // namespace

const Rule& validate_in_same_transaction() {
    static const Rule rule{
        .id = "validate-in-same-transaction",
        .summary = "VALIDATE CONSTRAINT in the same transaction as the ADD CONSTRAINT ... NOT VALID keeps the strong lock from the ADD during the whole validation scan.",
        .default_severity = Severity::warning,
        // The strongest form: a CHECK takes ACCESS EXCLUSIVE, a foreign key SHARE ROW EXCLUSIVE.
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .applies_to = {OpKind::validate_constraint},
        .check = &check,
        .tags = {"locking", "transactions"},
    };
    return rule;
}

}  // namespace miglint::rules

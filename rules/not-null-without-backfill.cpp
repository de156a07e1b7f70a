// ALTER COLUMN ... SET NOT NULL with no UPDATE of the column earlier in the
// same migration: if any row still holds NULL the statement fails, after
// scanning the table under ACCESS EXCLUSIVE (PostgreSQL manual, "ALTER TABLE":
// SET NOT NULL "can only be applied to a column provided none of the records
// in the table contain a NULL value for the column"). PostgreSQL 18's ADD
// CONSTRAINT c NOT NULL col, and the VALIDATE of one added NOT VALID, fail the same way.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

bool same_table(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

// True when an UPDATE of `column` on `table` runs before position `end`.
bool backfilled_before(const std::vector<Operation>& ops, std::size_t end, const QualifiedName& table,
                       const std::string& column) {
    return std::any_of(ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(end), [&](const Operation& op) {
        const auto* change = op.get<DataChange>();
        return change != nullptr && change->kind == DataChange::Kind::update && same_table(change->table, table) &&
               std::find(change->columns_set.begin(), change->columns_set.end(), column) != change->columns_set.end();
    });
}

// True when an earlier ADD COLUMN of this migration gave every existing row a value for `column`.
bool added_with_value_before(const std::vector<Operation>& ops, std::size_t end, const QualifiedName& table,
                             const std::string& column) {
    for (std::size_t i = end; i-- > 0;) {
        const auto* add = ops[i].get<AddColumn>();
        if (add == nullptr || !same_table(add->table, table) || add->column.name != column) continue;
        const auto& def = add->column;
        return (def.default_value && !def.default_value->is_null_constant) || def.identity != Identity::none ||
               def.is_serial || def.generated != Generated::none;
    }
    return false;
}

// True when SQL the front end could not read runs before position `end`: it may be the backfill.
bool unresolved_before(const std::vector<Operation>& ops, std::size_t end) {
    return std::any_of(ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(end),
                       [](const Operation& op) { return op.kind() == OpKind::unresolved; });
}

// What enforces NOT NULL on a column, and how the statement reads in a message.
struct Enforcing {
    NotNullScan target;
    std::string what;   // "setting `c` NOT NULL on `t`"
    std::string lock;   // "an ACCESS EXCLUSIVE"
};

std::optional<Enforcing> enforcing(const Operation& op, const RuleContext& ctx) {
    if (auto target = not_null_scan(op, ctx.pg_version())) {
        auto what = target->constraint.empty()
                        ? "setting " + quoted(target->column) + " NOT NULL on " + quoted(target->table)
                        : "adding NOT NULL constraint " + quoted(target->constraint) + " on " + quoted(target->table);
        return Enforcing{std::move(*target), std::move(what), "an ACCESS EXCLUSIVE"};
    }
    // PostgreSQL 18: VALIDATE of a NOT NULL constraint added NOT VALID earlier in this migration or the history.
    const auto* validate = op.get<ValidateConstraint>();
    if (validate == nullptr) return std::nullopt;
    const auto validating = [&](const std::string& name, const std::vector<std::string>& columns) {
        return Enforcing{{validate->table, columns.front(), name},
                         "validating NOT NULL constraint " + quoted(name) + " on " + quoted(validate->table),
                         "a SHARE UPDATE EXCLUSIVE"};
    };
    const auto& ops = ctx.operations();
    for (std::size_t i = ctx.position(); i-- > 0;) {
        const auto* add = ops[i].get<AddConstraint>();
        if (add == nullptr || add->constraint.name != validate->name || !same_table(add->table, validate->table)) continue;
        const auto& c = add->constraint;
        if (c.kind != ConstraintKind::not_null || !c.not_valid || c.columns.size() != 1) return std::nullopt;
        return validating(c.name, c.columns);
    }
    const auto* table = ctx.schema().table(validate->table);
    if (table == nullptr) return std::nullopt;
    for (const auto& c : table->constraints) {
        if (c.name != validate->name || c.kind != ConstraintKind::not_null || !c.not_valid || c.columns.size() != 1) continue;
        return validating(c.name, c.columns);
    }
    return std::nullopt;
}

std::string safe_way(const NotNullScan& set, const Operation& op, const RuleContext& ctx) {
    const auto table = quote_qualified(set.table);
    const auto column = quote_ident(set.column);
    const auto unit = std::string(unit_words(ctx).unit);
    // A unit holding both the UPDATE and the ALTER keeps the lock across the
    // backfill (backfill-in-transaction), so the backfill gets one of its own.
    return "fill the NULLs in a " + unit + " of its own first (in batches on a big table):\n" +
           SafeForm(op, ctx).run("UPDATE " + table + " SET " + column + " = <value> WHERE " + column + " IS NULL").text() +
           "\nthen, in the next " + unit + ", " + safe_not_null(set.table, set.column, op, ctx) +
           "\nif the data is known to hold no NULLs (a job outside the migrations backfilled it), say so: " +
           suppression_comment(ctx, "not-null-without-backfill");
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto enforced = enforcing(op, ctx);
    if (!enforced) return;
    const auto& set = enforced->target;
    // A table created earlier in this migration holds only the rows this migration wrote.
    if (!is_existing_table(ctx, set.table)) return;
    if (const auto* table = ctx.schema().table(set.table)) {
        if (const auto* column = table->column(set.column)) {
            // Already NOT NULL in the replayed history: PostgreSQL has nothing to check.
            if (column->not_null) return;
            // An earlier migration of the history updated the column: the backfill ran before this one.
            if (column->backfilled_in != k_no_migration && column->backfilled_in < ctx.migration_index()) return;
        }
    }
    const auto& ops = ctx.operations();
    // Added earlier in this migration with a DEFAULT (or identity, serial, generated): every row has a value.
    if (added_with_value_before(ops, ctx.position(), set.table, set.column)) return;
    // The migration backfills the column before enforcing it.
    if (backfilled_before(ops, ctx.position(), set.table, set.column)) return;
    // Unreadable SQL ran earlier and may be the backfill: stay silent rather than guess.
    if (unresolved_before(ops, ctx.position())) return;
    out.report(op.span, enforced->what + " fails under " + enforced->lock + " lock if any row still holds NULL, and no UPDATE of " +
                            quoted(set.column) + " comes before it in this migration")
        .help(safe_way(set, op, ctx));
}

}  // namespace

const Rule& not_null_without_backfill() {
    static const Rule rule{
        .id = "not-null-without-backfill",
        .summary = "SET NOT NULL on an existing column with no backfill earlier in the migration fails if any row holds NULL.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::set_not_null, OpKind::add_constraint, OpKind::validate_constraint},
        .check = &check,
        .tags = {"correctness", k_run_time_failure},
    };
    return rule;
}

}  // namespace miglint::rules

// ADD CONSTRAINT ... FOREIGN KEY / CHECK without NOT VALID on an existing table.
// Lock: SHARE ROW EXCLUSIVE on the table and the referenced table for a foreign
// key, ACCESS EXCLUSIVE for a check, held while every row is validated
// (PostgreSQL manual, "ALTER TABLE": "Although most forms of ADD
// table_constraint require an ACCESS EXCLUSIVE lock, ADD FOREIGN KEY requires
// only a SHARE ROW EXCLUSIVE lock"; "NOT VALID ... the potentially-lengthy
// initial check to verify that all rows in the table satisfy the constraint is
// skipped"; VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {


// The constraint added NOT VALID, then validated once that has committed.
SafeForm& not_valid_steps(SafeForm& form, const QualifiedName& table, const Constraint& c) {
    // Unnamed, it gets the name PostgreSQL would give it, so the VALIDATE names it too.
    const auto name = c.is_named() ? c.name : generated_constraint_name(table, c);
    const auto add = c.kind == ConstraintKind::foreign_key
                         ? add_foreign_key_step(table, name, c, true)
                         : add_check_step(table, name, c.check ? c.check->text : std::string("..."), true);
    return form.run(add).commit().run_outside_transaction("ALTER TABLE " + quote_qualified(table) + " VALIDATE CONSTRAINT " +
                                                          quote_ident(name));
}

constexpr std::string_view k_validate_apart =
    "validate it in a separate transaction (SHARE UPDATE EXCLUSIVE, reads and writes continue)";

std::string not_valid_way(const QualifiedName& table, const Constraint& c, const Operation& op, const RuleContext& ctx) {
    SafeForm steps(op, ctx);
    return "add it NOT VALID, then " + std::string(k_validate_apart) + ":\n" + not_valid_steps(steps, table, c).text();
}

// The edit that adds NOT VALID to the statement or Alembic call that adds only
// this constraint: ` NOT VALID` after the SQL (in a .sql file, or in an
// op.execute string holding only this statement), postgresql_not_valid=True
// in an op.create_foreign_key / op.create_check_constraint call.
std::optional<Edit> not_valid_edit(const Operation& op, const RuleContext& ctx) {
    const auto& source = *ctx.migration().source;
    if (op.from_do_block) return std::nullopt;
    if (written_as_alembic_call(op, ctx)) return add_keyword_argument(source, op.span, "postgresql_not_valid=True");
    if (!is_single_command(op, ctx)) return std::nullopt;
    if (op.from_sql_string) {
        // In a Python string the span's end must be the statement's last character, not inside an escape.
        const auto text = source.slice(op.span);
        if (op.sql_call.empty() || text.empty() || text.back() == '\\') return std::nullopt;
    }
    return Edit{{op.span.end, op.span.end}, " NOT VALID"};
}

// NOT VALID, and the VALIDATE CONSTRAINT run once the adding transaction has
// committed, where the runner allows it and the constraint's name is known;
// else NOT VALID alone, the description saying what is left.
std::optional<Fix> add_not_valid(const Operation& op, const QualifiedName& table, const Constraint& c, const RuleContext& ctx) {
    auto not_valid = not_valid_edit(op, ctx);
    if (!not_valid) return std::nullopt;
    const auto name = c.is_named() ? std::optional<std::string>(c.name) : exact_generated_name(op, table, c, ctx);
    const auto validate = name ? "ALTER TABLE " + quote_qualified(table) + " VALIDATE CONSTRAINT " + quote_ident(*name) : std::string();
    const auto after = name ? after_commit(op, ctx, {validate}) : std::nullopt;
    // Unsafe: the transaction structure changes, or the constraint stays unchecked for existing rows.
    if (!after) {
        return Fix{"add NOT VALID (then validate it in a later migration" + (name ? ": " + validate : std::string()) + ")",
                   {std::move(*not_valid)}, true};
    }
    Fix fix{"add NOT VALID and validate it after the commit" + (after->note.empty() ? "" : " (" + after->note + ")"), {}, true};
    after->add_to(fix);
    fix.edits.push_back(std::move(*not_valid));
    return fix;
}

std::string constraint_label(const Constraint& c) {
    const auto kind = c.kind == ConstraintKind::foreign_key ? std::string("foreign key") : std::string("check constraint");
    return c.is_named() ? kind + " " + quoted(c.name) : "a " + kind;
}

void check_add_constraint(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddConstraint>();
    const auto& c = add.constraint;
    // Only foreign keys and checks validate existing rows and accept NOT VALID.
    if (c.kind != ConstraintKind::foreign_key && c.kind != ConstraintKind::check) return;
    // NOT VALID skips the scan: the safe form.
    if (c.not_valid) return;
    // NOT ENFORCED (PostgreSQL 18) is never checked, so nothing is scanned.
    if (c.not_enforced) return;
    // A table created earlier in this migration is empty: validation reads nothing.
    if (!is_existing_table(ctx, add.table)) return;
    // A referenced table this migration created has no writers yet to block.
    const bool referenced_is_new = !c.referenced_table.empty() && !is_existing_table(ctx, c.referenced_table);
    const auto locked = referenced_is_new ? quoted(add.table) + size_note(ctx, add.table) + " (and the new " +
                                                quoted(c.referenced_table) + "), blocking writes to " + quoted(add.table)
                                          : quoted(add.table) + size_note(ctx, add.table) + " and " +
                                                quoted(c.referenced_table) + ", blocking writes to both";
    const auto lock = c.kind == ConstraintKind::foreign_key
                          ? " takes a SHARE ROW EXCLUSIVE lock on " + locked + " while it scans every row to validate it"
                          : " takes an ACCESS EXCLUSIVE lock on " + quoted(add.table) + size_note(ctx, add.table) +
                                ", blocking reads and writes while it scans every row to validate it";
    out.report(op.span, "adding " + constraint_label(c) + lock)
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(not_valid_way(add.table, c, op, ctx))
        .fix(add_not_valid(op, add.table, c, ctx));
}

// The column without the constraint, then the constraint NOT VALID, then its validation.
std::string add_column_first(const AddColumn& add, const Constraint& c, const Operation& op, const RuleContext& ctx) {
    const auto& column = add.column;
    const auto type = type_spelling(&column.type, help_language(op, ctx) == HelpLanguage::alembic, "<type>");
    SafeForm steps(op, ctx);
    steps.run(add_column_step(add.table, {.name = column.name,
                                          .type = type,
                                          .not_null = column.not_null,
                                          .default_expression = column.default_value ? column.default_value->text : std::string()}));
    return "add the column without the constraint, then add it NOT VALID and " + std::string(k_validate_apart) + ":\n" +
           not_valid_steps(steps, add.table, c).text();
}

void check_add_column(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& add = op.as<AddColumn>();
    // A table created earlier in this migration is empty: validation reads nothing.
    if (!is_existing_table(ctx, add.table)) return;
    // A new column without a DEFAULT is all NULL: PostgreSQL marks an inline
    // foreign key valid without checking (parse_utilcmd.c,
    // transformAlterTableStmt: "If the column has a non-null default, we can't
    // skip validation of foreign keys").
    const auto validated = [&](const Constraint& c) {
        if (c.not_enforced) return false;  // PostgreSQL 18: never checked
        return c.kind == ConstraintKind::check || (c.kind == ConstraintKind::foreign_key && add.column.default_value);
    };
    const auto& constraints = add.column.constraints;
    const auto it = std::find_if(constraints.begin(), constraints.end(), validated);
    if (it == constraints.end()) return;
    const bool is_fk = it->kind == ConstraintKind::foreign_key;
    const auto what = is_fk ? "a foreign key to " + quoted(it->referenced_table) + " and a default" : std::string("a CHECK constraint");
    const auto extra = is_fk ? " and a SHARE ROW EXCLUSIVE lock on " + quoted(it->referenced_table) : std::string();
    auto split = *it;
    if (split.columns.empty()) split.columns = {add.column.name};
    out.report(op.span, "adding column " + quoted(add.column.name) + " with " + what + " takes an ACCESS EXCLUSIVE lock on " +
                            quoted(add.table) + size_note(ctx, add.table) + extra +
                            " while it scans every row to validate the constraint")
        .severity(lock_severity(ctx, add.table, Severity::warning))
        .help(add_column_first(add, split, op, ctx));
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (op.kind() == OpKind::add_constraint) check_add_constraint(op, ctx, out);
    else check_add_column(op, ctx, out);
}

}  // namespace

const Rule& constraint_without_not_valid() {
    static const Rule rule{
        .id = "constraint-without-not-valid",
        .summary = "Adding a FOREIGN KEY or CHECK constraint without NOT VALID on an existing table scans the whole table while holding a lock that blocks writes.",
        .default_severity = Severity::warning,
        // The strongest form: a CHECK takes ACCESS EXCLUSIVE, a foreign key SHARE ROW EXCLUSIVE.
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::unsafe,
        .fix_does = "adds NOT VALID, and VALIDATE CONSTRAINT after the commit where the runner allows it (plain SQL, goose NO TRANSACTION, Alembic autocommit_block()); elsewhere the VALIDATE is left to a later migration",
        .applies_to = {OpKind::add_constraint, OpKind::add_column},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

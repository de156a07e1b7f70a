// ALTER COLUMN ... SET NOT NULL on an existing table, and PostgreSQL 18's
// ADD CONSTRAINT c NOT NULL col without NOT VALID.
// Lock: ACCESS EXCLUSIVE on the table while every row is read to prove it
// holds no NULL. Since PostgreSQL 12 the scan is skipped when a valid CHECK
// constraint already proves the column NOT NULL (PostgreSQL manual,
// "ALTER TABLE": SET/DROP NOT NULL, and the PostgreSQL 12 release notes).
// PostgreSQL 18 adds NOT NULL constraints NOT VALID without a scan and
// validates them under SHARE UPDATE EXCLUSIVE ("ALTER TABLE": ADD
// table_constraint, VALIDATE CONSTRAINT; PostgreSQL 18 release notes).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <cctype>

namespace miglint::rules {
namespace {

bool same_table(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

// `text` lower-cased without whitespace or double quotes, outer parentheses removed.
std::string normalized(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '"') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (out.size() >= 2 && out.front() == '(' && out.back() == ')') out = out.substr(1, out.size() - 2);
    return out;
}

// True when `constraint` is exactly CHECK (`column` IS NOT NULL), or PostgreSQL 18's NOT NULL constraint on it.
bool proves_not_null(const Constraint& constraint, const std::string& column) {
    if (constraint.kind == ConstraintKind::not_null) return constraint.columns == std::vector<std::string>{column};
    if (constraint.kind != ConstraintKind::check || !constraint.check) return false;
    return normalized(constraint.check->text) == normalized(column) + "isnotnull";
}

struct CheckSeen {
    std::string name;
    bool valid = false;
};

// True when, before position `end` of this migration, a CHECK (`column` IS NOT NULL)
// was added to `table` and is valid (added without NOT VALID, or validated since) and not dropped.
bool has_valid_not_null_check(const std::vector<Operation>& ops, std::size_t end, const QualifiedName& table,
                              const std::string& column) {
    std::vector<CheckSeen> seen;
    for (std::size_t i = 0; i < end; ++i) {
        const auto& op = ops[i];
        if (const auto* add = op.get<AddConstraint>(); add != nullptr && same_table(add->table, table)) {
            if (proves_not_null(add->constraint, column)) seen.push_back({add->constraint.name, !add->constraint.not_valid});
        } else if (const auto* add_column = op.get<AddColumn>(); add_column != nullptr && same_table(add_column->table, table)) {
            // Inline column constraints are checked when the column is added.
            for (const auto& c : add_column->column.constraints) {
                if (proves_not_null(c, column)) seen.push_back({c.name, !c.not_valid});
            }
        } else if (const auto* validate = op.get<ValidateConstraint>(); validate != nullptr && same_table(validate->table, table)) {
            for (auto& s : seen) {
                if (s.name == validate->name) s.valid = true;
            }
        } else if (const auto* drop = op.get<DropConstraint>(); drop != nullptr && same_table(drop->table, table)) {
            std::erase_if(seen, [&](const CheckSeen& s) { return s.name == drop->name; });
        } else if (const auto* rename = op.get<RenameConstraint>(); rename != nullptr && same_table(rename->table, table)) {
            for (auto& s : seen) {
                if (s.name == rename->name) s.name = rename->new_name;
            }
        } else if (const auto* drop_column = op.get<DropColumn>(); drop_column != nullptr && same_table(drop_column->table, table) &&
                                                                   drop_column->column == column) {
            seen.clear();  // the constraint goes with the column
        }
    }
    return std::any_of(seen.begin(), seen.end(), [](const CheckSeen& s) { return s.valid; });
}

// PostgreSQL 12 to 17: SET NOT NULL proven by a CHECK (column IS NOT NULL),
// added NOT VALID and validated before it once the adding transaction has
// committed, and dropped after it, so the column ends NOT NULL with no
// constraint left, as the statement alone leaves it. Empty where the runner
// would validate inside the adding transaction, or the CHECK's name is taken.
std::optional<Fix> proven_set_not_null(const Operation& op, const NotNullScan& target, const RuleContext& ctx) {
    // PostgreSQL 18 names the NOT NULL constraint itself, and before 12 no CHECK spares the scan.
    if (!target.constraint.empty() || ctx.pg_version() < PgVersion{12, 0} || ctx.pg_version() >= k_not_null_not_valid_since) {
        return std::nullopt;
    }
    if (!is_single_command(op, ctx) || op.from_do_block) return std::nullopt;
    const auto name = not_null_name(target.table, target.column);
    if (const auto* table = ctx.schema().table(target.table)) {
        for (const auto& existing : table->constraints) {
            if (existing.name == name) return std::nullopt;
        }
    }
    const auto validate = "ALTER TABLE " + quote_qualified(target.table) + " VALIDATE CONSTRAINT " + quote_ident(name);
    const auto around =
        steps_around(op, ctx, {add_check_step(target.table, name, quote_ident(target.column) + " IS NOT NULL", true)},
                     {{validate, {}}}, {drop_constraint_step(target.table, name, "check")});
    if (!around) return std::nullopt;
    Fix fix{"prove it with a CHECK constraint validated after the commit, so SET NOT NULL skips the scan" +
                (around->note.empty() ? std::string() : " (" + around->note + ")"),
            {}, true};
    around->add_to(fix);
    return fix;
}

// PostgreSQL 18: the NOT NULL constraint added NOT VALID (a brief lock, no
// scan) and validated once that has committed (SHARE UPDATE EXCLUSIVE while
// it scans). SET NOT NULL becomes ADD CONSTRAINT under the name it would
// have given (<table>_<column>_not_null), so the schema ends the same.
std::optional<Fix> not_valid_not_null(const Operation& op, const NotNullScan& target, const RuleContext& ctx) {
    if (ctx.pg_version() < k_not_null_not_valid_since || !is_single_command(op, ctx) || op.from_do_block) return std::nullopt;
    const auto table = quote_qualified(target.table);
    auto name = target.constraint;
    if (name.empty()) {
        name = not_null_name(target.table, target.column);
        if (const auto* existing = ctx.schema().table(target.table)) {
            for (const auto& c : existing->constraints) {
                if (c.name == name) return std::nullopt;
            }
        }
    }
    const auto add = "ALTER TABLE " + table + " ADD CONSTRAINT " + quote_ident(name) + " NOT NULL " +
                     quote_ident(target.column) + " NOT VALID";
    const auto validate = "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + quote_ident(name);
    // Of Alembic's calls only op.alter_column(nullable=False) says just this.
    if (written_as_alembic_call(op, ctx) && op.get<SetNotNull>() == nullptr) return std::nullopt;
    const auto edits = replace_then_after_commit(op, ctx, {add, {}}, {{validate, {}}});
    if (!edits) return std::nullopt;
    Fix fix{"add the NOT NULL constraint NOT VALID and validate it after the commit" +
                (edits->note.empty() ? std::string() : " (" + edits->note + ")"),
            {}, true};
    edits->add_to(fix);
    return fix;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    // SET NOT NULL, or PostgreSQL 18's ADD CONSTRAINT c NOT NULL col; NOT VALID scans nothing.
    const auto target = not_null_scan(op, ctx.pg_version());
    if (!target) return;
    // A table created earlier in this migration is empty and unused: the scan costs nothing.
    if (!is_existing_table(ctx, target->table)) return;
    // Already NOT NULL in the replayed history: PostgreSQL does nothing.
    if (const auto* table = ctx.schema().table(target->table)) {
        if (const auto* column = table->column(target->column); column != nullptr && column->not_null) return;
    }
    const bool check_skips_scan = ctx.pg_version() >= PgVersion{12, 0};
    // PostgreSQL 12+ skips the scan when a valid CHECK (col IS NOT NULL) proves it.
    if (check_skips_scan && has_valid_not_null_check(ctx.operations(), ctx.position(), target->table, target->column)) return;
    const auto what = target->constraint.empty() ? "setting " + quoted(target->column) + " NOT NULL"
                                                 : "adding NOT NULL constraint " + quoted(target->constraint) + " on " +
                                                       quoted(target->column);
    out.report(op.span, what + " takes an ACCESS EXCLUSIVE lock on " + quoted(target->table) + size_note(ctx, target->table) +
                            " and scans every row to check it" +
                            (check_skips_scan ? "" : ", which no CHECK constraint can spare before PostgreSQL 12"))
        .severity(lock_severity(ctx, target->table, Severity::warning))
        .help(safe_not_null(target->table, target->column, op, ctx))
        .fix(ctx.pg_version() >= k_not_null_not_valid_since ? not_valid_not_null(op, *target, ctx)
                                                            : proven_set_not_null(op, *target, ctx));
}

}  // namespace

const Rule& set_not_null_scan() {
    static const Rule rule{
        .id = "set-not-null-scan",
        .summary = "SET NOT NULL (or, on PostgreSQL 18, a NOT NULL constraint added without NOT VALID) on an existing table holds an ACCESS EXCLUSIVE lock while it scans every row.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::unsafe,
        .fix_does = "on PostgreSQL 12 to 17, proves the column with CHECK (c IS NOT NULL) NOT VALID validated after the commit, keeps SET NOT NULL (which then skips its scan) and drops the CHECK; on 18, adds the NOT NULL constraint NOT VALID and validates it after the commit",
        .applies_to = {OpKind::set_not_null, OpKind::add_constraint},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

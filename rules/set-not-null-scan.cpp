// ALTER COLUMN ... SET NOT NULL on an existing table.
// Lock: ACCESS EXCLUSIVE on the table while every row is read to prove it
// holds no NULL. Since PostgreSQL 12 the scan is skipped when a valid CHECK
// constraint already proves the column NOT NULL (PostgreSQL manual,
// "ALTER TABLE": SET/DROP NOT NULL, and the PostgreSQL 12 release notes).
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

// True when `constraint` is exactly CHECK (`column` IS NOT NULL).
bool proves_not_null(const Constraint& constraint, const std::string& column) {
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

std::string safe_way(const SetNotNull& set, const RuleContext& ctx) {
    const auto table = set.table.display();
    const auto& column = set.column;
    const auto check = set.table.name + "_" + column + "_not_null";
    const auto add_check =
        "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + column + " IS NOT NULL) NOT VALID";
    const auto validate = "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check;
    const auto create_check = "op.create_check_constraint(\"" + check + "\", \"" + table + "\", \"" + column +
                              " IS NOT NULL\", postgresql_not_valid=True)";
    if (ctx.pg_version() < PgVersion{12, 0}) {
        const auto version = std::to_string(ctx.pg_version().major);
        if (ctx.is_alembic()) {
            return "PostgreSQL " + version + " always scans for SET NOT NULL: enforce the rule with a validated CHECK "
                   "constraint instead, which never blocks reads and writes for long:\n" + create_check +
                   "\nwith op.get_context().autocommit_block():\n    op.execute(\"" + validate +
                   "\")\nor run the SET NOT NULL at a quiet time with a short lock_timeout";
        }
        return "PostgreSQL " + version + " always scans for SET NOT NULL: enforce the rule with a validated CHECK "
               "constraint instead, which never blocks reads and writes for long:\n" + add_check +
               ";\n-- commit, then:\n" + validate + ";\nor run the SET NOT NULL at a quiet time with a short lock_timeout";
    }
    if (ctx.is_alembic()) {
        return "prove it with a CHECK constraint first, so SET NOT NULL skips the scan:\n" + create_check +
               "\nwith op.get_context().autocommit_block():  # commits first; VALIDATE lets reads and writes through\n"
               "    op.execute(\"" + validate + "\")\nop.alter_column(\"" + table + "\", \"" + column +
               "\", nullable=False)\nop.drop_constraint(\"" + check + "\", \"" + table + "\", type_=\"check\")";
    }
    return "prove it with a CHECK constraint first, so SET NOT NULL skips the scan:\n" + add_check +
           ";\n-- commit, then (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n" + validate + ";\nALTER TABLE " + table +
           " ALTER COLUMN " + column + " SET NOT NULL;\nALTER TABLE " + table + " DROP CONSTRAINT " + check + ";";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& set = op.as<SetNotNull>();
    // A table created earlier in this migration is empty and unused: the scan costs nothing.
    if (!is_existing_table(ctx, set.table)) return;
    // Already NOT NULL in the replayed history: PostgreSQL does nothing.
    if (const auto* table = ctx.schema().table(set.table)) {
        if (const auto* column = table->column(set.column); column != nullptr && column->not_null) return;
    }
    const bool check_skips_scan = ctx.pg_version() >= PgVersion{12, 0};
    // PostgreSQL 12+ skips the scan when a valid CHECK (col IS NOT NULL) proves it.
    if (check_skips_scan && has_valid_not_null_check(ctx.operations(), ctx.position(), set.table, set.column)) return;
    out.report(op.span, "setting " + quoted(set.column) + " NOT NULL takes an ACCESS EXCLUSIVE lock on " + quoted(set.table) +
                            size_note(ctx, set.table) + " and scans every row to check it" +
                            (check_skips_scan ? "" : ", which no CHECK constraint can spare before PostgreSQL 12"))
        .severity(lock_severity(ctx, set.table, Severity::warning))
        .help(safe_way(set, ctx));
}

}  // namespace

const Rule& set_not_null_scan() {
    static const Rule rule{
        .id = "set-not-null-scan",
        .summary = "SET NOT NULL on an existing table holds an ACCESS EXCLUSIVE lock while it scans every row.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::set_not_null},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

// A smallint or integer column used as a generated key: a serial column, an
// identity column, a single-column primary key, or a foreign key to a bigint key.
// No lock now; the hazard is the day the values run out (integer at
// 2,147,483,647) and the fix is ALTER COLUMN ... TYPE bigint, which rewrites
// the table and every referencing table under ACCESS EXCLUSIVE (PostgreSQL
// manual, "Numeric Types": integer range; "ALTER TABLE": SET DATA TYPE).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <set>

namespace miglint::rules {
namespace {

// Identity columns were added in PostgreSQL 10 (release notes).
constexpr PgVersion k_identity_since{10, 0};

enum class Why { serial, identity, primary_key, references_bigint };

std::string_view max_value(int bytes) { return bytes == 2 ? "32,767" : "2,147,483,647"; }

// The single-column primary key of the table being created or altered, or "".
std::string single_key(const Operation& op, const RuleContext& ctx) {
    std::set<std::string> key;
    if (const auto* create = op.get<CreateTable>()) {
        for (const auto& column : create->columns) {
            if (column.primary_key) key.insert(column.name);
        }
        for (const auto& c : create->constraints) {
            if (c.kind == ConstraintKind::primary_key) key.insert(c.columns.begin(), c.columns.end());
        }
    } else if (const auto* add = op.get<AddColumn>()) {
        if (add->column.primary_key) key.insert(add->column.name);
    } else if (const auto* alter = op.get<AlterColumnType>()) {
        if (const auto* table = ctx.schema().table(alter->table)) {
            for (const auto& c : table->constraints) {
                if (c.kind == ConstraintKind::primary_key) key.insert(c.columns.begin(), c.columns.end());
            }
        }
    }
    return key.size() == 1 ? *key.begin() : std::string{};
}

// The foreign keys that make `column` of `use` reference another column.
std::vector<const Constraint*> references_of(const ColumnTypeUse& use, const Operation& op) {
    std::vector<const Constraint*> out;
    if (use.column != nullptr) {
        for (const auto& c : use.column->constraints) {
            if (c.kind == ConstraintKind::foreign_key) out.push_back(&c);
        }
    }
    if (const auto* create = op.get<CreateTable>()) {
        for (const auto& c : create->constraints) {
            if (c.kind == ConstraintKind::foreign_key && c.columns.size() == 1 && c.columns.front() == use.column_name) {
                out.push_back(&c);
            }
        }
    }
    return out;
}

struct Referenced {
    std::string name;   // "users.id"
    TypeRef type;
};

// The column a foreign key points at and its type, when known: from the
// table being created (a self-reference) or the replayed history.
std::optional<Referenced> referenced_column(const Constraint& fk, const Operation& op, const RuleContext& ctx) {
    const auto* create = op.get<CreateTable>();
    const bool self = create != nullptr && SchemaState::key(create->table) == SchemaState::key(fk.referenced_table);
    std::string column = fk.referenced_columns.empty() ? std::string{} : fk.referenced_columns.front();
    if (self) {
        if (column.empty()) column = single_key(op, ctx);
        for (const auto& c : create->columns) {
            if (c.name == column) return Referenced{fk.referenced_table.display() + "." + column, c.type};
        }
        return std::nullopt;
    }
    const auto* table = ctx.schema().table(fk.referenced_table);
    if (table == nullptr) return std::nullopt;
    if (column.empty()) {
        for (const auto& c : table->constraints) {
            if (c.kind == ConstraintKind::primary_key && c.columns.size() == 1) column = c.columns.front();
        }
    }
    const auto* state = table->column(column);
    if (state == nullptr) return std::nullopt;
    return Referenced{fk.referenced_table.display() + "." + column, state->type};
}

Retype wider(const ColumnTypeUse& use, Why why, const RuleContext& ctx) {
    Retype retype{"bigint", "sa.BigInteger()", std::nullopt, ""};
    if (why == Why::serial) {
        // Serial becomes identity where identity exists (prefer-identity says why).
        if (ctx.pg_version() >= k_identity_since) retype.identity = Identity::by_default;
        else if (use.column != nullptr && use.column->is_serial) retype.sql_type = "bigserial";
    }
    return retype;
}

// Why `use` is a key that will run out, with the referenced column for
// `references_bigint`; nullopt for an ordinary number column.
std::optional<Why> why_flagged(const ColumnTypeUse& use, int bytes, const std::string& key, const Operation& op,
                               const RuleContext& ctx, std::string& target) {
    if (use.column != nullptr && use.column->is_serial) return Why::serial;
    if (use.column != nullptr && use.column->identity != Identity::none) return Why::identity;
    const auto refs = references_of(use, op);
    // A key that references another table holds the parent's values: it runs out only when the parent does.
    if (use.column_name == key && refs.empty()) return Why::primary_key;
    for (const auto* fk : refs) {
        const auto parent = referenced_column(*fk, op, ctx);
        // A reference to an integer key of the same width (or an unknown one) overflows with its parent, not before.
        if (!parent || integer_bytes(parent->type) <= bytes) continue;
        target = parent->name;
        return Why::references_bigint;
    }
    return std::nullopt;
}

std::string message_for(const ColumnTypeUse& use, Why why, int bytes, const std::string& target) {
    const auto column = quoted(use.table.display() + "." + use.column_name);
    const auto serial = use.column != nullptr ? serial_spelling(*use.column) : std::string_view{};
    const auto spelled = serial.empty() ? sql_type_name(*use.type) : std::string(serial);
    if (why == Why::references_bigint) {
        return column + " is " + spelled + " but references " + quoted(target) + ", which is bigint: inserts fail once " +
               quoted(target) + " passes " + std::string(max_value(bytes));
    }
    const auto* role = why == Why::primary_key ? " primary key" : why == Why::identity ? " identity column" : " column";
    return column + " is " + (spelled.front() == 'i' ? "an " : "a ") + spelled + role + ": its values run out at " +
           std::string(max_value(bytes)) + ", and widening it then rewrites " + quoted(use.table) +
           " and every referencing table under an ACCESS EXCLUSIVE lock";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto key = single_key(op, ctx);
    for (const auto& use : column_type_uses(op)) {
        const int bytes = integer_bytes(*use.type);
        // bigint, or not an integer at all: nothing to run out of.
        if (bytes != 2 && bytes != 4) continue;
        // A temporary table vanishes with the session: it never grows for years.
        if (use.temporary_table) continue;
        std::string target;
        const auto why = why_flagged(use, bytes, key, op, ctx, target);
        // Neither a generated key nor narrower than what it references: an ordinary number column.
        if (!why) continue;
        out.report(use.span, message_for(use, *why, bytes, target))
            .help(std::string("declare it as bigint (8 bytes, good for 9.2 quintillion values):\n")
                      .append(retyped_declaration(use, wider(use, *why, ctx), op, ctx)));
    }
}

}  // namespace

const Rule& prefer_bigint() {
    static const Rule rule{
        .id = "prefer-bigint",
        .summary = "A smallint or integer key runs out of values, and widening it later rewrites the table and every table that references it.",
        .default_severity = Severity::info,
        .enabled_by_default = false,  // the opt-in "style" group
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::add_column, OpKind::alter_column_type},
        .check = &check,
        .tags = {"schema-quality", "style"},
    };
    return rule;
}

}  // namespace miglint::rules

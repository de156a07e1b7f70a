// A column dropped from a table and another added to it in one migration.
// Done as a rename, DROP COLUMN discards every value and ADD COLUMN starts
// empty; RENAME COLUMN keeps the data and only changes the catalog
// (PostgreSQL manual, "ALTER TABLE": RENAME, DROP COLUMN). DROP COLUMN takes
// ACCESS EXCLUSIVE, briefly.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

bool same_table(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

// The same base type and array shape; modifiers (varchar length, numeric
// precision) may differ, as a rename often comes with a resize.
bool same_base_type(const TypeRef& a, const TypeRef& b) {
    return a.name == b.name && a.array_dimensions == b.array_dimensions;
}

// "varchar(64)", "int4[]".
std::string type_display(const TypeRef& type) {
    auto out = type.name;
    if (!type.modifiers.empty()) {
        out += "(";
        for (std::size_t i = 0; i < type.modifiers.size(); ++i) out += (i == 0 ? "" : ",") + std::to_string(type.modifiers[i]);
        out += ")";
    }
    for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
    return out;
}

// True when an UPDATE between positions `from` and `to` writes `column` of `table`:
// the added column was filled (from the old one) before the drop.
bool copied_between(const std::vector<Operation>& ops, std::size_t from, std::size_t to, const QualifiedName& table,
                    const std::string& column) {
    for (std::size_t i = from + 1; i < to; ++i) {
        const auto* change = ops[i].get<DataChange>();
        if (change != nullptr && change->kind == DataChange::Kind::update && same_table(change->table, table) &&
            std::find(change->columns_set.begin(), change->columns_set.end(), column) != change->columns_set.end()) {
            return true;
        }
    }
    return false;
}

std::string safe_way(const DropColumn& drop, const AddColumn& add, const Operation& op, const RuleContext& ctx) {
    return "rename the column instead, which keeps its data:\n" +
           SafeForm(op, ctx).run(rename_column_step(drop.table, drop.column, add.column.name)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropColumn>();
    // A table created earlier in this migration holds no data to lose.
    if (!is_existing_table(ctx, drop.table)) return;
    // The dropped column's type, while the replayed schema still has it (empty when unknown).
    TypeRef old_type;
    if (const auto* table = ctx.schema().table(drop.table)) {
        if (const auto* column = table->column(drop.column)) old_type = column->type;
    }
    const auto& ops = ctx.operations();
    const auto here = ctx.position();
    // Columns of the table this migration drops: one added back under such a
    // name is that column recreated (a reset or type change), nobody's new name.
    std::vector<std::string> dropped_here;
    for (const auto& other : ops) {
        if (const auto* d = other.get<DropColumn>(); d != nullptr && same_table(d->table, drop.table)) dropped_here.push_back(d->column);
    }
    const auto recreated = [&](const std::string& name) {
        return std::find(dropped_here.begin(), dropped_here.end(), name) != dropped_here.end();
    };
    // The nearest ADD COLUMN on the same table that could be the new name of the dropped column.
    const auto distance = [&](std::size_t j) { return j < here ? here - j : j - here; };
    std::size_t partner = ops.size();
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto* add = ops[i].get<AddColumn>();
        // Same name: the column is recreated (a type change or reset), not renamed.
        if (add == nullptr || !same_table(add->table, drop.table)) continue;
        // This very column comes back: it is reset, not renamed.
        if (add->column.name == drop.column) return;
        if (recreated(add->column.name)) continue;
        // A different type is usually a different column, not a rename.
        if (!old_type.empty() && !add->column.type.empty() && !same_base_type(old_type, add->column.type)) continue;
        // Added, then filled by an UPDATE before the drop: the data was copied, not lost.
        if (i < here && copied_between(ops, i, here, drop.table, add->column.name)) continue;
        if (partner == ops.size() || distance(i) < distance(partner) || (distance(i) == distance(partner) && i > partner)) {
            partner = i;
        }
    }
    if (partner == ops.size()) return;
    const auto& add = ops[partner].as<AddColumn>();
    // Reported at the later of the two, where the pair is complete.
    const auto& at = partner > here ? ops[partner] : op;
    // Both types known (and, by the pairing above, of the same base type): a rename is likely.
    const bool same_type = !old_type.empty() && !add.column.type.empty();
    const auto type_shown = old_type.modifiers == add.column.type.modifiers ? type_display(old_type) : old_type.name;
    const auto message =
        !same_type
            ? "dropping column " + quoted(drop.column) + " from " + quoted(drop.table) + " and adding column " +
                  quoted(add.column.name) + " in the same migration loses every value of " + quoted(drop.column) +
                  " if it is meant as a rename"
            : "dropping column " + quoted(drop.column) + " from " + quoted(drop.table) + " and adding column " +
                  quoted(add.column.name) + " of the same type (" + type_shown +
                  ") looks like a rename done as drop and add, which loses every value of " + quoted(drop.column);
    out.report(at.span, message).help(safe_way(drop, add, op, ctx));
}

}  // namespace

const Rule& drop_add_rename() {
    static const Rule rule{
        .id = "drop-add-rename",
        .summary = "A column dropped and another added to the same table in one migration looks like a rename that loses the data.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::drop_column},
        .check = &check,
        .tags = {"data-loss"},
    };
    return rule;
}

}  // namespace miglint::rules

// A FOREIGN KEY whose referencing columns lead no index of the referencing
// table. PostgreSQL indexes the referenced side only: every DELETE of a
// referenced row, and every UPDATE of its key, looks up the referencing rows,
// and without an index that is a sequential scan of the referencing table, per
// row, under the referenced row's lock (PostgreSQL manual, "Constraints",
// 5.5.5 Foreign Keys: "Since a DELETE of a row from the referenced table or an
// UPDATE of a referenced column will require a scan of the referencing table
// for rows matching the old value, it is often a good idea to index the
// referencing columns too").
// No lock of its own: the hazard is the later DELETE or UPDATE.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

bool same_table(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

// True when the first `wanted.size()` entries of `columns` are exactly `wanted`, in any order, each once.
// Keys are a few columns: comparing in place beats building sets per comparison.
bool leads_with(const std::vector<std::string>& columns, const std::vector<std::string>& wanted) {
    if (columns.size() < wanted.size()) return false;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (std::find(wanted.begin(), wanted.begin() + static_cast<std::ptrdiff_t>(i), wanted[i]) != wanted.begin() + static_cast<std::ptrdiff_t>(i)) {
            return false;  // a column named twice
        }
    }
    return std::is_permutation(wanted.begin(), wanted.end(), columns.begin());
}

// Whether an index of this kind can serve the equality lookups of the foreign key check.
bool serves_lookups(bool partial, const std::string& method, std::size_t key_columns) {
    if (partial) return false;
    if (method.empty() || method == "btree") return true;
    return method == "hash" && key_columns == 1;
}

bool is_key_constraint(const Constraint& c) {
    return c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique;
}

// The foreign keys `op` declares, with the referencing table.
std::vector<const Constraint*> foreign_keys_of(const Operation& op) {
    std::vector<const Constraint*> out;
    const auto take = [&](const std::vector<Constraint>& constraints) {
        for (const auto& c : constraints) {
            if (c.kind == ConstraintKind::foreign_key) out.push_back(&c);
        }
    };
    if (const auto* create = op.get<CreateTable>()) {
        for (const auto& column : create->columns) take(column.constraints);
        take(create->constraints);
    } else if (const auto* add = op.get<AddColumn>()) {
        take(add->column.constraints);
    } else if (const auto* constraint = op.get<AddConstraint>(); constraint != nullptr && constraint->constraint.kind == ConstraintKind::foreign_key) {
        out.push_back(&constraint->constraint);
    }
    return out;
}

// Primary key and unique constraints `op` itself declares on its table.
std::vector<const Constraint*> keys_declared_by(const Operation& op) {
    std::vector<const Constraint*> out;
    const auto take = [&](const std::vector<Constraint>& constraints) {
        for (const auto& c : constraints) {
            if (is_key_constraint(c)) out.push_back(&c);
        }
    };
    if (const auto* create = op.get<CreateTable>()) {
        for (const auto& column : create->columns) take(column.constraints);
        take(create->constraints);
    } else if (const auto* add = op.get<AddColumn>()) {
        take(add->column.constraints);
    }
    return out;
}

// True when `schema` holds an index or key of `table` led by `columns`.
bool indexed_in(const SchemaState& schema, const QualifiedName& table, const std::vector<std::string>& columns) {
    for (const auto* index : schema.indexes_on(table)) {
        if (serves_lookups(index->partial, index->method, columns.size()) && leads_with(index->columns, columns)) return true;
    }
    if (const auto* state = schema.table(table)) {
        for (const auto& c : state->constraints) {
            if ((c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) && leads_with(c.columns, columns)) {
                return true;
            }
        }
    }
    return false;
}

// True when the schema the whole history leaves has no such foreign key
// without an index: a later migration indexed its columns, or dropped the key
// or its table. The hazard is the schema's, not the migration's, so only the
// schema production ends up with matters.
bool resolved_at_head(const SchemaState& head, const QualifiedName& table, const std::vector<std::string>& columns) {
    const auto* state = head.table(table);
    if (state == nullptr) return true;
    const bool still_there = std::any_of(state->constraints.begin(), state->constraints.end(), [&](const ConstraintState& c) {
        return c.kind == ConstraintKind::foreign_key && c.columns.size() == columns.size() && leads_with(c.columns, columns);
    });
    return !still_there || indexed_in(head, table, columns);
}

// True when `op` itself, or a later operation of this migration, gives `table` an index or key led by `columns`.
bool indexed_here_or_later(const Operation& op, const QualifiedName& table, const std::vector<std::string>& columns,
                           const RuleContext& ctx) {
    for (const auto* c : keys_declared_by(op)) {
        if (leads_with(c->columns, columns)) return true;
    }
    const auto& ops = ctx.operations();
    for (std::size_t i = ctx.position() + 1; i < ops.size(); ++i) {
        if (const auto* index = ops[i].get<CreateIndex>(); index != nullptr && same_table(index->table, table) &&
                                                             serves_lookups(index->partial, index->method, columns.size()) &&
                                                             leads_with(index->columns, columns)) {
            return true;
        }
        if (const auto* add = ops[i].get<AddConstraint>(); add != nullptr && same_table(add->table, table) &&
                                                           is_key_constraint(add->constraint) &&
                                                           leads_with(add->constraint.columns, columns)) {
            return true;
        }
    }
    return false;
}

std::string safe_way(const QualifiedName& table, const std::vector<std::string>& columns, const Operation& op,
                     const RuleContext& ctx) {
    CreateIndex index;
    index.table = table;
    index.name = "ix_" + table.name;
    for (const auto& column : columns) index.name += "_" + column;
    index.columns = columns;
    const bool is_new = ctx.created_in_this_migration(table) || op.kind() == OpKind::create_table;
    if (is_new) {
        return "index the referencing columns (the table is new, so a plain index is instant):\n" +
               SafeForm(op, ctx).run(create_index_step(index, {})).text();
    }
    return "index the referencing columns, concurrently on an existing table (outside a transaction block):\n" +
           SafeForm(op, ctx).run_outside_transaction(create_index_step(index, {.concurrently = true})).text();
}

// The foreign key's own place when the front end knows it (several may share one CREATE TABLE), else the statement.
Span span_of(const Constraint& fk, const Operation& op) {
    if (fk.span.begin <= op.span.begin || fk.span.begin >= op.span.end) return op.span;
    return {fk.span.begin, fk.span.end > fk.span.begin ? fk.span.end : op.span.end};
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto table = target_table(op);
    if (table.empty()) return;
    // The history never created the table (it predates the migrations miglint
    // sees), so its indexes are unknown: stay silent rather than guess.
    const bool known = op.kind() == OpKind::create_table || ctx.schema().table(table) != nullptr;
    if (!known) return;
    for (const auto* key : foreign_keys_of(op)) {
        const auto& fk = *key;
        // The front end could not read the referencing columns.
        if (fk.columns.empty()) continue;
        // An index or key led by the columns exists already, comes with this statement, or follows in this migration.
        if (indexed_in(ctx.schema(), table, fk.columns) || indexed_here_or_later(op, table, fk.columns, ctx)) continue;
        const auto referenced = fk.referenced_table.empty() ? std::string("the referenced table") : quoted(fk.referenced_table);
        out.report(span_of(fk, op), "foreign key " + (fk.is_named() ? quoted(fk.name) + " " : std::string()) + "on " + quoted(table) +
                                " (" + joined(fk.columns) + ") has no index led by its columns, so every DELETE from " +
                                referenced + " (and UPDATE of its key) scans " + quoted(table) + " for referencing rows")
            .help(safe_way(table, fk.columns, op, ctx))
            .unless_at_head([table, columns = fk.columns](const SchemaState& head) {
                return resolved_at_head(head, table, columns);
            });
    }
}

}  // namespace

const Rule& foreign_key_without_index() {
    static const Rule rule{
        .id = "foreign-key-without-index",
        .summary = "A foreign key's referencing columns lead no index, so deletes and key updates on the referenced table scan the referencing one.",
        .default_severity = Severity::info,
        .enabled_by_default = true,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::add_column, OpKind::add_constraint},
        .check = &check,
        .tags = {"performance", "indexes"},
    };
    return rule;
}

}  // namespace miglint::rules

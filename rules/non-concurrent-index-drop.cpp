// DROP INDEX without CONCURRENTLY on an index that running code may use.
// Lock: ACCESS EXCLUSIVE on the index's table for the drop, blocking reads and
// writes, and queued behind every running transaction on the table
// (PostgreSQL manual, "DROP INDEX": CONCURRENTLY; "Explicit Locking").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

// The table of the dropped index: from the operation (Alembic `table_name=`),
// else from the replayed schema; empty when neither knows it.
QualifiedName table_of(const DropIndex& drop, const RuleContext& ctx) {
    if (!drop.table.empty()) return drop.table;
    const auto* index = ctx.schema().index(drop.index);
    return index == nullptr ? QualifiedName{} : table_of_key(index->table);
}

// The indexes named by the same statement as `op` (DROP INDEX a, b).
std::vector<const DropIndex*> statement_drops(const Operation& op, const RuleContext& ctx) {
    std::vector<const DropIndex*> drops;
    for (const auto& other : ctx.operations()) {
        if (other.statement != op.statement) continue;
        if (const auto* drop = other.get<DropIndex>()) drops.push_back(drop);
    }
    return drops;
}

std::optional<Fix> concurrent_drop(const Operation& op, const DropIndex& drop, const RuleContext& ctx,
                                   std::size_t indexes_in_statement) {
    // CONCURRENTLY drops exactly one index and refuses CASCADE: no one-word edit fixes those.
    if (drop.cascade || indexes_in_statement != 1) return std::nullopt;
    return add_concurrently(op, ctx, offset_after_keyword(op, *ctx.migration().source, "INDEX"));
}

std::string safe_way(const Operation& op, const DropIndex& drop, const QualifiedName& table, const RuleContext& ctx,
                     const std::vector<const DropIndex*>& drops) {
    std::string help = "drop it without blocking reads and writes, outside a transaction block";
    if (drop.cascade) help += " (CONCURRENTLY refuses CASCADE: drop the dependent objects first)";
    if (drops.size() > 1) help += ", one index per statement";
    help += ":";
    SafeForm steps(op, ctx);
    for (const auto* each : drops) {
        auto with_table = *each;
        if (with_table.table.empty()) with_table.table = table;
        steps.run_outside_transaction(drop_index_step(with_table, true));
    }
    return help + "\n" + steps.text();
}

bool dropped_later(const QualifiedName& table, const RuleContext& ctx) {
    const auto& ops = ctx.operations();
    return std::any_of(ops.begin() + static_cast<std::ptrdiff_t>(ctx.position()) + 1, ops.end(), [&](const Operation& later) {
        const auto* drop = later.get<DropTable>();
        return drop != nullptr && SchemaState::key(drop->table) == SchemaState::key(table);
    });
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropIndex>();
    // Already concurrent: the drop waits for running transactions without blocking them.
    if (drop.concurrently) return;
    // An index created earlier in this migration has not been used by running code yet.
    if (const auto* index = ctx.schema().index(drop.index); index != nullptr && index->created_in == ctx.migration_index()) return;
    const auto table = table_of(drop, ctx);
    // A table created earlier in this migration is empty and unused: the lock costs nothing.
    if (!table.empty() && !is_existing_table(ctx, table)) return;
    // The table goes later in this migration: its DROP TABLE takes the same lock, and the index goes with it.
    if (!table.empty() && dropped_later(table, ctx)) return;
    const auto drops = statement_drops(op, ctx);
    const auto on = table.empty() ? std::string("its table") : quoted(table) + size_note(ctx, table);
    out.report(op.span, "dropping index " + quoted(drop.index) + " takes an ACCESS EXCLUSIVE lock on " + on +
                            ", blocking reads and writes while it waits for running transactions and drops the index")
        .severity(table.empty() ? Severity::warning : lock_severity(ctx, table, Severity::warning))
        .help(safe_way(op, drop, table, ctx, drops))
        .fix(concurrent_drop(op, drop, ctx, drops.size()));
}

}  // namespace

const Rule& non_concurrent_index_drop() {
    static const Rule rule{
        .id = "non-concurrent-index-drop",
        .summary = "DROP INDEX without CONCURRENTLY blocks reads and writes on the table while it waits for running transactions.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::safe_or_unsafe,
        .fix_does = "adds CONCURRENTLY to a DROP INDEX of one index; unsafe where it also takes the file out of its "
                    "transaction (goose, dbmate, Flyway, diesel) or moves the statement into a migration of its own",
        .applies_to = {OpKind::drop_index},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

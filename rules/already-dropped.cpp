// A DROP (without IF EXISTS) of a table, index or type that an earlier
// statement of the same upgrade or downgrade already dropped, directly or
// with its table: the statement fails ("does not exist") and the migration
// with it. Typical in a hand-ordered downgrade: the table dropped first, then
// its index. Lock: none of its own (it fails before taking one).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

struct Target {
    std::string_view kind;   // "table", "index", "type"
    QualifiedName name;
    bool if_exists = false;
};

// The object `op` drops or alters, if it is one whose earlier drop fails it.
std::optional<Target> target_of(const Operation& op) {
    if (const auto* drop = op.get<DropTable>()) return Target{"table", drop->table, drop->if_exists};
    if (const auto* drop = op.get<DropIndex>()) return Target{"index", drop->index, drop->if_exists};
    if (const auto* drop = op.get<DropType>()) return Target{"type", drop->type, drop->if_exists};
    if (const auto* drop = op.get<DropColumn>()) return Target{"table", drop->table, drop->if_exists};
    if (const auto* drop = op.get<DropConstraint>()) return Target{"table", drop->table, drop->if_exists};
    return std::nullopt;
}

// The earlier drop that removed `target` (an index also goes with the table Alembic names for it).
const DroppedObject* earlier_drop(const Operation& op, const Target& target, const RuleContext& ctx) {
    if (const auto* dropped = ctx.schema().dropped(target.kind, target.name, ctx.migration_index())) return dropped;
    const auto* drop_index = op.get<DropIndex>();
    if (drop_index == nullptr || drop_index->table.empty()) return nullptr;
    return ctx.schema().dropped("table", drop_index->table, ctx.migration_index());
}

std::string what_fails(const Operation& op, const Target& target) {
    if (const auto* drop = op.get<DropColumn>()) return "dropping column " + quoted(drop->column) + " of " + quoted(target.name);
    if (const auto* drop = op.get<DropConstraint>()) {
        return "dropping constraint " + (drop->name.empty() ? std::string() : quoted(drop->name) + " ") + "of " + quoted(target.name);
    }
    return "dropping " + std::string(target.kind) + " " + quoted(target.name);
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto target = target_of(op);
    if (!target || target->if_exists) return;
    const auto* dropped = earlier_drop(op, *target, ctx);
    if (dropped == nullptr) return;
    const auto line = ctx.migration().source->position(dropped->span.begin).line;
    const auto kind = op.kind();
    const bool with_its_table = kind == OpKind::drop_index && dropped->by.starts_with("the DROP TABLE");
    const auto removed = with_its_table ? " already removed it with its table"
                         : (kind == OpKind::drop_column || kind == OpKind::drop_constraint) ? " already removed the table"
                                                                                            : " already removed it";
    out.report(op.span, what_fails(op, *target) + " fails: " + dropped->by + " at line " + std::to_string(line) + removed +
                            ", so the migration stops here with \"does not exist\"")
        .help("drop each object once, dependent objects (indexes, constraints, columns) before their table; "
              "or delete this statement, since the earlier drop already removed what it drops");
}

}  // namespace

const Rule& already_dropped() {
    static const Rule rule{
        .id = "already-dropped",
        .summary = "A DROP of a table, index or type that an earlier statement of the same upgrade or downgrade already dropped fails, and the migration with it.",
        .default_severity = Severity::error,
        .applies_to = {OpKind::drop_table, OpKind::drop_index, OpKind::drop_type, OpKind::drop_column, OpKind::drop_constraint},
        .check = &check,
        .tags = {"correctness", k_run_time_failure},
    };
    return rule;
}

}  // namespace miglint::rules

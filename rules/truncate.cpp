// TRUNCATE of a table this migration did not create.
// Lock: ACCESS EXCLUSIVE on every table truncated, CASCADE adding every table
// that references them, until the transaction ends (PostgreSQL manual,
// "TRUNCATE"; "Explicit Locking").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

std::string table_list(const std::vector<QualifiedName>& tables) {
    std::string out;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        out += (i == 0 ? "" : (i + 1 == tables.size() ? " and " : ", ")) + quoted(tables[i]);
    }
    return out;
}

std::string safe_way(const Truncate& statement, const Operation& op, const RuleContext& ctx) {
    return "if the rows must go, delete them in batches, which takes only ROW EXCLUSIVE and lets reads and writes "
           "through (one table at a time):\n" + SafeForm(op, ctx).repeat_in_batches(batch_delete(statement.tables.front(), {})).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& statement = op.as<Truncate>();
    if (statement.tables.empty()) return;
    const bool any_existing = std::any_of(statement.tables.begin(), statement.tables.end(),
                                          [&](const QualifiedName& t) { return is_existing_table(ctx, t); });
    // Only tables created earlier in this migration: nobody else uses them yet. CASCADE
    // still counts, as it may reach an existing table given a foreign key to a new one.
    if (!any_existing && !statement.cascade) return;
    const bool several = statement.tables.size() > 1;
    const std::string cascade =
        statement.cascade ? ", and CASCADE also empties every table with a foreign key referencing " +
                               std::string(several ? "them" : "it")
                         : "";
    out.report(op.span, "truncating " + table_list(statement.tables) + " takes an ACCESS EXCLUSIVE lock on " +
                            (several ? "each" : "it") + " and deletes all " + (several ? "their" : "its") + " rows" +
                            cascade)
        .help(safe_way(statement, op, ctx));
}

}  // namespace

const Rule& truncate() {
    static const Rule rule{
        .id = "truncate",
        .summary = "TRUNCATE of an existing table deletes all its rows under an ACCESS EXCLUSIVE lock.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .applies_to = {OpKind::truncate},
        .check = &check,
        .tags = {"data-loss", "locking"},
    };
    return rule;
}

}  // namespace miglint::rules

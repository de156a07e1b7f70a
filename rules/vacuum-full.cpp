// VACUUM FULL.
// Lock: ACCESS EXCLUSIVE on each table while it is rewritten into a new file
// with its indexes rebuilt (PostgreSQL manual, "VACUUM": "VACUUM FULL ...
// requires an ACCESS EXCLUSIVE lock on each table while it is being
// processed"; plain VACUUM takes SHARE UPDATE EXCLUSIVE).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

std::string safe_way(const Vacuum& vacuum, const Operation& op, const RuleContext& ctx) {
    std::string tables;
    for (const auto& t : vacuum.tables) tables += (tables.empty() ? " " : ", ") + quote_qualified(t);
    const auto plain = "VACUUM" + tables;
    std::string repack_tables = vacuum.tables.empty() ? " --all" : "";
    for (const auto& t : vacuum.tables) repack_tables += repack_table_option(t);
    const auto repack = "pg_repack --no-order" + repack_tables + " --dbname <database>";
    return "plain VACUUM makes the dead space reusable without blocking reads or writes (outside a transaction block):\n" +
           SafeForm(op, ctx).run_outside_transaction(plain).text() +
           "\nor, to give the space back to the system online, run pg_repack outside the migration:\n" + repack;
}

std::string table_list(const std::vector<QualifiedName>& tables) {
    std::string out;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        out += (i == 0 ? "" : (i + 1 == tables.size() ? " and " : ", ")) + quoted(tables[i]);
    }
    return out;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& vacuum = op.as<Vacuum>();
    // Plain VACUUM and ANALYZE take SHARE UPDATE EXCLUSIVE: reads and writes go on.
    if (!vacuum.full || vacuum.analyze_only) return;
    // Only tables created earlier in this migration: nobody uses them yet.
    const bool any_existing = vacuum.tables.empty() || std::any_of(vacuum.tables.begin(), vacuum.tables.end(), [&](const QualifiedName& t) {
                                  return is_existing_table(ctx, t);
                              });
    if (!any_existing) return;
    auto severity = Severity::warning;
    for (const auto& t : vacuum.tables) severity = std::max(severity, lock_severity(ctx, t, Severity::warning));
    const auto what = vacuum.tables.empty() ? std::string("every table of the database, one at a time,")
                                            : table_list(vacuum.tables) + (vacuum.tables.size() == 1 ? size_note(ctx, vacuum.tables.front()) : "");
    out.report(op.span, "VACUUM FULL rewrites " + what + " under an ACCESS EXCLUSIVE lock, blocking reads and writes until " +
                            (vacuum.tables.size() == 1 ? "the copy and its indexes are built" : "each copy and its indexes are built"))
        .severity(severity)
        .help(safe_way(vacuum, op, ctx));
}

}  // namespace

const Rule& vacuum_full() {
    static const Rule rule{
        .id = "vacuum-full",
        .summary = "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::vacuum},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

// An explicit LOCK TABLE.
// Lock: the mode named, ACCESS EXCLUSIVE when none is, held until the
// transaction ends; while it waits for running queries, every later query on
// the table queues behind it (PostgreSQL manual, "LOCK": "If no lock mode is
// specified, then ACCESS EXCLUSIVE, the most restrictive mode, is used";
// "Explicit Locking", Table-Level Locks).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

// What the mode blocks, from the conflict table of "Explicit Locking".
std::string_view blocked_by(const std::string& mode) {
    if (mode == "ACCESS EXCLUSIVE") return "blocking reads and writes";
    if (mode == "EXCLUSIVE" || mode == "SHARE ROW EXCLUSIVE" || mode == "SHARE") return "blocking writes";
    if (mode == "SHARE UPDATE EXCLUSIVE") return "blocking schema changes, index builds and VACUUM";
    if (mode == "ROW EXCLUSIVE") return "blocking index builds and explicit SHARE locks";
    return "blocking schema changes";  // ACCESS SHARE, ROW SHARE
}

// Modes weaker than SHARE let INSERT, UPDATE and DELETE through.
bool blocks_writes(const std::string& mode) {
    return mode == "SHARE" || mode == "SHARE ROW EXCLUSIVE" || mode == "EXCLUSIVE" || mode == "ACCESS EXCLUSIVE";
}

std::string table_list(const std::vector<QualifiedName>& tables) {
    std::string out;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        out += (i == 0 ? "" : (i + 1 == tables.size() ? " and " : ", ")) + quoted(tables[i]);
    }
    return out;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& lock = op.as<LockTable>();
    if (lock.tables.empty()) return;
    // Only tables created earlier in this migration: nobody else can be waiting for them.
    const bool any_existing = std::any_of(lock.tables.begin(), lock.tables.end(), [&](const QualifiedName& t) { return is_existing_table(ctx, t); });
    if (!any_existing) return;
    auto severity = blocks_writes(lock.mode) ? Severity::warning : Severity::info;
    for (const auto& t : lock.tables) {
        if (blocks_writes(lock.mode)) severity = std::max(severity, lock_severity(ctx, t, Severity::warning));
    }
    std::string names;
    for (const auto& t : lock.tables) names += (names.empty() ? "" : ", ") + quote_qualified(t);
    const auto help = "lock only if the migration needs it, in the weakest mode that protects what it does, and give up "
                      "quickly rather than queue every query behind the wait (retry on timeout):\n" +
                      SafeForm(op, ctx).run("SET LOCAL lock_timeout = '2s'").run("LOCK TABLE " + names + " IN " + lock.mode + " MODE").text();
    const std::string article = lock.mode.starts_with("A") || lock.mode.starts_with("E") ? "an " : "a ";
    out.report(op.span, "LOCK TABLE takes " + article + lock.mode + " lock on " + table_list(lock.tables) +
                            (lock.tables.size() == 1 ? size_note(ctx, lock.tables.front()) : "") + " until the transaction ends, " +
                            std::string(blocked_by(lock.mode)))
        .severity(severity)
        .help(help);
}

}  // namespace

const Rule& lock_table() {
    static const Rule rule{
        .id = "lock-table",
        .summary = "An explicit LOCK TABLE holds its lock, ACCESS EXCLUSIVE by default, until the transaction ends.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::lock_table},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

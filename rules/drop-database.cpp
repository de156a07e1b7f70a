// DROP DATABASE in a migration.
// It takes no table lock: it fails while anyone is connected to the database
// (unless WITH (FORCE), PostgreSQL 13+) and cannot run inside a transaction
// block (PostgreSQL manual, "DROP DATABASE").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

std::string safe_way(const DropDatabase& drop, const Operation& op, const RuleContext& ctx) {
    return "remove `" + SafeForm(op, ctx).run("DROP DATABASE " + quote_ident(drop.database)).text() + "` from the " +
           std::string(unit_words(ctx).unit) + "; drop the database by hand, after a backup, outside the migration history";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& drop = op.as<DropDatabase>();
    // No exclusion: no migration should delete a whole database.
    out.report(op.span, "dropping database " + quoted(drop.database) +
                            " deletes every schema, table and row in it and cannot be undone")
        .help(safe_way(drop, op, ctx));
}

}  // namespace

const Rule& drop_database() {
    static const Rule rule{
        .id = "drop-database",
        .summary = "DROP DATABASE in a migration deletes a whole database irrecoverably.",
        .default_severity = Severity::error,
        .applies_to = {OpKind::drop_database},
        .check = &check,
        .tags = {"data-loss"},
    };
    return rule;
}

}  // namespace miglint::rules

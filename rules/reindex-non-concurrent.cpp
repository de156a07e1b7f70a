// REINDEX without CONCURRENTLY.
// Lock: SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index
// being rebuilt, which blocks reads that would use it; the planner locks every
// index of a table, so in practice most queries on the table wait (PostgreSQL
// manual, "REINDEX", Notes). REINDEX ... CONCURRENTLY exists since
// PostgreSQL 12 and takes SHARE UPDATE EXCLUSIVE instead.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

namespace miglint::rules {
namespace {

constexpr PgVersion k_concurrently_since{12, 0};

// The table behind the REINDEX: the table itself, or the indexed table when the history knows the index.
QualifiedName table_of(const ReindexOp& reindex, const RuleContext& ctx) {
    if (reindex.target == ReindexOp::Target::table) return reindex.name;
    if (reindex.target == ReindexOp::Target::index) {
        if (const auto* index = ctx.schema().index(reindex.name)) return table_of_key(index->table);
    }
    return {};
}

std::string safe_way(const ReindexOp& reindex, const Operation& op, const RuleContext& ctx) {
    if (reindex.target == ReindexOp::Target::system) {
        return "system catalogs have no concurrent REINDEX: run it in a maintenance window, not in a migration";
    }
    if (ctx.pg_version() < k_concurrently_since) {
        const auto version = std::to_string(ctx.pg_version().major);
        const bool one_index = reindex.target == ReindexOp::Target::index;
        const auto* known = one_index ? ctx.schema().index(reindex.name) : nullptr;
        const auto new_name = one_index ? quote_ident(reindex.name.name + "_new") : std::string("<index>_new");
        // The index's table and columns when the history knows them; else placeholders, never quoted as names.
        std::string build = "CREATE INDEX CONCURRENTLY " + new_name + " ON <table> (<same columns>)";
        if (known != nullptr && !known->columns.empty()) {
            CreateIndex replacement;
            replacement.name = reindex.name.name + "_new";
            replacement.table = table_of_key(known->table);
            replacement.columns = known->columns;
            replacement.unique = known->unique;
            build = create_index_step(replacement, {.concurrently = true}).sql;
        }
        const auto index = one_index ? quote_qualified(reindex.name) : std::string("<index>");
        return "PostgreSQL " + version + " has no REINDEX CONCURRENTLY: build a replacement concurrently, outside a "
               "transaction block, and swap it in" + (one_index ? "" : " (for each index)") + ":\n" +
               SafeForm(op, ctx)
                   .run_outside_transaction(build)
                   .run_outside_transaction("DROP INDEX CONCURRENTLY " + index)
                   .run_outside_transaction("ALTER INDEX " + new_name + " RENAME TO " +
                                            (one_index ? quote_ident(reindex.name.name) : std::string("<index>")))
                   .text();
    }
    return "rebuild it concurrently (outside a transaction block):\n" +
           SafeForm(op, ctx).run_outside_transaction(reindex_statement(reindex, true)).text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& reindex = op.as<ReindexOp>();
    // Already concurrent: SHARE UPDATE EXCLUSIVE lets reads and writes through.
    if (reindex.concurrently) return;
    const auto table = table_of(reindex, ctx);
    // A table created earlier in this migration (or an index on one) is empty and unused.
    if (!table.empty() && !is_existing_table(ctx, table)) return;
    std::string subject;
    switch (reindex.target) {
        case ReindexOp::Target::index:
            subject = "rebuilding index " + quoted(reindex.name) + " takes an ACCESS EXCLUSIVE lock on it and a SHARE lock on " +
                      (table.empty() ? std::string("its table") : quoted(table) + size_note(ctx, table));
            break;
        case ReindexOp::Target::table:
            subject = "rebuilding every index of " + quoted(table) + " takes a SHARE lock on it" + size_note(ctx, table) +
                      " and an ACCESS EXCLUSIVE lock on each index";
            break;
        default:
            subject = "REINDEX " + std::string(reindex_keyword(reindex.target)) + " " + quoted(reindex.name) +
                      " takes a SHARE lock on every table in it in turn and an ACCESS EXCLUSIVE lock on each index";
            break;
    }
    auto report = out.report(op.span, subject + ", blocking writes and most reads until the rebuild ends");
    if (!table.empty()) report.severity(lock_severity(ctx, table, Severity::warning));
    report.help(safe_way(reindex, op, ctx));
}

}  // namespace

const Rule& reindex_non_concurrent() {
    static const Rule rule{
        .id = "reindex-non-concurrent",
        .summary = "REINDEX without CONCURRENTLY blocks writes to the table and reads through the index while it rebuilds.",
        .default_severity = Severity::warning,
        .lock = "SHARE",
        .blocks = "writes",
        .scans_table = true,
        .fix = FixAvailability::never,
        .applies_to = {OpKind::reindex},
        .check = &check,
        .tags = {"locking"},
    };
    return rule;
}

}  // namespace miglint::rules

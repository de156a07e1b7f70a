// ALTER COLUMN ... TYPE on an existing table.
// Lock: ACCESS EXCLUSIVE; the table and its indexes are rewritten unless the
// change is binary coercible (PostgreSQL manual, "ALTER TABLE", Notes:
// "changing the type of an existing column will require the entire table and
// its indexes to be rewritten. As an exception, when changing the type of an
// existing column, if the USING clause does not change the column contents and
// the old type is either binary coercible to the new type or an unconstrained
// domain over the new type, a table rewrite is not needed").
//
// The no-rewrite allow-list (type_change_rewrite, src/rule_toolkit/schema/locks.cpp) mirrors PostgreSQL's own tests, 9.2 and later:
// - ATColumnChangeRequiresRewrite (src/backend/commands/tablecmds.c) skips the
//   rewrite when the conversion reduces to the column itself, a RelabelType;
// - binary-coercible casts in pg_cast (castmethod 'b'): varchar → text,
//   text → varchar, xml → text, xml → varchar, cidr → inet;
// - length-coercion support functions that relabel instead of recomputing:
//   varchar_support (varchar.c: new length unlimited or ≥ old), numeric_support
//   (numeric.c: new unconstrained, or same scale and precision not decreasing),
//   varbit_support (varbit.c: new unlimited or ≥ old), TemporalSimplify via
//   timestamp_support / time_support (new precision unspecified, = 6, or ≥ old).
// Everything else (int4 → int8, text → varchar(n), char(n), interval, domains,
// arrays, enums, timestamp ↔ timestamptz) is treated as a rewrite.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>

namespace miglint::rules {
namespace {

// The type as the migration wrote it, for messages.
// The type as PostgreSQL spells it (`bigint`, a serial column's `integer`),
// or as SQLAlchemy code wrote it (`sa.BigInteger()`).
std::string spelled(const TypeRef& t) {
    const auto qualified = t.schema.empty() ? t.name : t.schema + "." + t.name;
    // The SQL front end writes the parser's own name (int8, and a serial column's int4).
    const bool from_sql = t.written.empty() || t.written.rfind(qualified, 0) == 0 || t.written.find("serial") != std::string::npos;
    return from_sql ? sql_type_name(t) : t.written;
}

std::string safe_way(const AlterColumnType& alter, const Operation& op, const RuleContext& ctx) {
    const auto& column = alter.column;
    const auto next = column + "_new";
    const auto type = type_spelling(&alter.new_type, help_language(op, ctx) == HelpLanguage::alembic, "<new type>");
    return "change it in steps instead of in place:\n" +
           SafeForm(op, ctx)
               .run(add_column_step(alter.table, {.name = next, .type = type, .nullable = true}))
               .note("keep it in sync with a trigger, backfill in batches, then in one short transaction:")
               .run(rename_column_step(alter.table, column, column + "_old"))
               .run(rename_column_step(alter.table, next, column))
               .text();
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& alter = op.as<AlterColumnType>();
    // The front end could not read the new type: nothing to judge.
    if (alter.new_type.empty()) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, alter.table)) return;
    const auto old_type = type_before_change(alter, ctx);
    const auto rewrite = type_change_rewrite(alter, ctx);
    // Binary coercible: a catalog-only change, the lock is brief. PostgreSQL 9.2+
    // also keeps the column's indexes (tablecmds.c TryReuseIndex); lock-truth shows
    // varchar(50) -> varchar(100) with an index reads no row on PostgreSQL 15.
    if (rewrite == Rewrite::no) return;

    const auto subject = "changing the type of " + quoted(alter.column) + " on " + quoted(alter.table) +
                         (old_type ? " from " + spelled(*old_type) : std::string()) + " to " + spelled(alter.new_type);
    const auto lock = " takes an ACCESS EXCLUSIVE lock on " + quoted(alter.table) + size_note(ctx, alter.table);
    const auto severity = lock_severity(ctx, alter.table, Severity::warning);
    switch (rewrite) {
        case Rewrite::yes:
            out.report(op.span, subject + (alter.using_expr ? " with a USING clause" : "") + lock +
                                    " and rewrites the whole table and its indexes")
                .severity(severity)
                .help(safe_way(alter, op, ctx));
            return;
        case Rewrite::unknown:
            out.report(op.span, subject + lock + " and may rewrite the whole table and its indexes (the old type is unknown" +
                                    (written_as_alembic_call(op, ctx) ? ": pass existing_type=" : "") + ")")
                .severity(severity)
                .help(safe_way(alter, op, ctx));
            return;
        case Rewrite::no:
            return;
    }
}

}  // namespace

const Rule& change_column_type() {
    static const Rule rule{
        .id = "change-column-type",
        .summary = "ALTER COLUMN ... TYPE on an existing table takes an ACCESS EXCLUSIVE lock and rewrites the table unless the change is binary coercible.",
        .default_severity = Severity::warning,
        .lock = "ACCESS EXCLUSIVE",
        .blocks = "reads and writes",
        .rewrites_table = true,
        .applies_to = {OpKind::alter_column_type},
        .check = &check,
        .tags = {"locking", "rewrite"},
    };
    return rule;
}

}  // namespace miglint::rules

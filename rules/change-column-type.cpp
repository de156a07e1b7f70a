// ALTER COLUMN ... TYPE on an existing table.
// Lock: ACCESS EXCLUSIVE; the table and its indexes are rewritten unless the
// change is binary coercible (PostgreSQL manual, "ALTER TABLE", Notes:
// "changing the type of an existing column will require the entire table and
// its indexes to be rewritten. As an exception, when changing the type of an
// existing column, if the USING clause does not change the column contents and
// the old type is either binary coercible to the new type or an unconstrained
// domain over the new type, a table rewrite is not needed").
//
// The no-rewrite allow-list below mirrors PostgreSQL's own tests, 9.2 and later:
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

#include <algorithm>

namespace miglint::rules {
namespace {

// 9.1 skipped the rewrite for binary-coercible casts such as varchar → text;
// 9.2 added the typmod cases (release notes). Below 9.2 only a no-op change is
// trusted, a false positive on 9.1 for long unsupported versions.
constexpr PgVersion k_relabel_since{9, 2};
// The largest fractional-second precision of timestamp and time types.
constexpr int k_max_temporal_precision = 6;

enum class Rewrite { no, yes, unknown };

bool same_type(const TypeRef& a, const TypeRef& b) {
    return a.schema == b.schema && a.name == b.name && a.modifiers == b.modifiers &&
           a.array_dimensions == b.array_dimensions;
}

bool is_unconstrained(const TypeRef& t) { return t.modifiers.empty(); }

// True when every modifier is a plain non-negative integer the rule can compare.
bool has_plain_modifiers(const TypeRef& t) {
    return std::all_of(t.modifiers.begin(), t.modifiers.end(), [](int m) { return m >= 0; });
}

bool is_temporal(const std::string& name) {
    return name == "timestamp" || name == "timestamptz" || name == "time" || name == "timetz";
}

// The allow-list: conversions PostgreSQL performs without rewriting the table.
bool is_rewrite_free(const TypeRef& from, const TypeRef& to, PgVersion version) {
    if (same_type(from, to)) return true;
    if (version < k_relabel_since) return false;
    if (!from.schema.empty() || !to.schema.empty()) return false;
    if (from.array_dimensions != 0 || to.array_dimensions != 0) return false;
    if (!has_plain_modifiers(from) || !has_plain_modifiers(to)) return false;
    const auto& f = from.name;
    const auto& t = to.name;
    const auto first = [](const TypeRef& r) { return r.modifiers.front(); };
    if (f == "varchar" && t == "varchar") return is_unconstrained(to) || (!is_unconstrained(from) && first(to) >= first(from));
    if (f == "varchar" && t == "text") return true;
    if ((f == "text" || f == "xml") && t == "varchar") return is_unconstrained(to);
    if (f == "xml" && t == "text") return true;
    if (f == "cidr" && t == "inet") return true;
    if (f == "numeric" && t == "numeric") {
        if (is_unconstrained(to)) return true;
        if (is_unconstrained(from)) return false;
        const auto scale = [](const TypeRef& r) { return r.modifiers.size() > 1 ? r.modifiers[1] : 0; };
        return scale(from) == scale(to) && first(to) >= first(from);
    }
    if (f == "varbit" && t == "varbit") return is_unconstrained(to) || (!is_unconstrained(from) && first(to) >= first(from));
    if (is_temporal(f) && f == t) {
        return is_unconstrained(to) || first(to) == k_max_temporal_precision ||
               (!is_unconstrained(from) && first(to) >= first(from));
    }
    return false;
}

std::string spelled(const TypeRef& t) { return t.written.empty() ? t.name : t.written; }

// The type of the column before this change: Alembic's existing_type=, else the replayed schema.
std::optional<TypeRef> old_type_of(const AlterColumnType& alter, const RuleContext& ctx) {
    if (alter.old_type && !alter.old_type->empty()) return alter.old_type;
    if (const auto* table = ctx.schema().table(alter.table)) {
        if (const auto* column = table->column(alter.column); column != nullptr && !column->type.empty()) return column->type;
    }
    return std::nullopt;
}

std::string safe_way(const AlterColumnType& alter, const RuleContext& ctx) {
    const auto table = alter.table.display();
    const auto& column = alter.column;
    const auto next = column + "_new";
    if (ctx.is_alembic()) {
        return "change it in steps instead of in place:\n"
               "op.add_column(\"" + table + "\", sa.Column(\"" + next + "\", <new type>, nullable=True))\n"
               "# keep it in sync with a trigger, backfill in batches, then in a short migration:\n"
               "op.alter_column(\"" + table + "\", \"" + column + "\", new_column_name=\"" + column + "_old\")\n"
               "op.alter_column(\"" + table + "\", \"" + next + "\", new_column_name=\"" + column + "\")";
    }
    return "change it in steps instead of in place:\n"
           "ALTER TABLE " + table + " ADD COLUMN " + next + " " + spelled(alter.new_type) + ";\n"
           "-- keep it in sync with a trigger, backfill in batches, then in one short transaction:\n"
           "ALTER TABLE " + table + " RENAME COLUMN " + column + " TO " + column + "_old;\n"
           "ALTER TABLE " + table + " RENAME COLUMN " + next + " TO " + column + ";";
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto& alter = op.as<AlterColumnType>();
    // The front end could not read the new type: nothing to judge.
    if (alter.new_type.empty()) return;
    // A table created earlier in this migration is empty and unused: the rewrite costs nothing.
    if (!is_existing_table(ctx, alter.table)) return;
    const auto old_type = old_type_of(alter, ctx);
    auto rewrite = Rewrite::unknown;
    // A USING clause computes every value anew, so PostgreSQL rewrites.
    if (alter.using_expr) rewrite = Rewrite::yes;
    else if (old_type) rewrite = is_rewrite_free(*old_type, alter.new_type, ctx.pg_version()) ? Rewrite::no : Rewrite::yes;
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
                .help(safe_way(alter, ctx));
            return;
        case Rewrite::unknown:
            out.report(op.span, subject + lock + " and may rewrite the whole table and its indexes (the old type is unknown" +
                                    (ctx.is_alembic() ? ": pass existing_type=" : "") + ")")
                .severity(severity)
                .help(safe_way(alter, ctx));
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

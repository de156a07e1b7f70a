// A serial, bigserial or smallserial column (also SQLAlchemy's default for an
// autoincrementing integer primary key).
// No lock: serial is a column default on a separately owned sequence, while an
// identity column (PostgreSQL 10+) ties the sequence to the column (PostgreSQL
// manual, "CREATE TABLE": GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY;
// "Numeric Types", 8.1.4 Serial Types).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    for (const auto& use : column_type_uses(op)) {
        // Only serial columns: an identity column, or a plain integer, has nothing to convert.
        if (use.column == nullptr || !use.column->is_serial) continue;
        // A temporary table vanishes with the session, and its sequence with it.
        if (use.temporary_table) continue;
        const Retype retype{"bigint", "sa.BigInteger()", Identity::by_default, ""};
        const auto sqlalchemy = written_as_alembic_call(op, ctx)
                                    ? " (SQLAlchemy's rendering of an autoincrementing integer primary key)"
                                    : "";
        out.report(use.span, quoted(use.table.display() + "." + use.column_name) + " is " +
                                 std::string(serial_spelling(*use.column)) + sqlalchemy +
                                 ": its sequence is a separate object, so inserting needs its own grant, copies made "
                                 "with CREATE TABLE ... LIKE share it, and widening the column leaves the sequence's "
                                 "own limit in place")
            .help("declare it as an identity column:\n" + retyped_declaration(use, retype, op, ctx));
    }
}

}  // namespace

const Rule& prefer_identity() {
    static const Rule rule{
        .id = "prefer-identity",
        .summary = "A serial column hangs off a separately owned sequence; an identity column ties the sequence to the column.",
        .default_severity = Severity::info,
        .enabled_by_default = false,  // the opt-in "style" group
        .lock = "",
        .blocks = "",
        .pg_versions = {PgVersion{10, 0}, PgVersion{1000, 0}},
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::add_column},
        .check = &check,
        .tags = {"schema-quality", "style"},
    };
    return rule;
}

}  // namespace miglint::rules

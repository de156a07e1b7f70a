// An Alembic revision that changes the schema but whose downgrade() is absent
// or does nothing, so `alembic downgrade` reports success and leaves the
// schema as upgrade() made it.
// No lock: the hazard is a rollback that silently does not happen (Alembic
// manual, "Tutorial": "Running our Second Migration" / downgrade).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <filesystem>
#include <string>

namespace miglint::rules {
namespace {

// Whether `op` changes the schema, which is what a downgrade has to undo.
// Data changes, session settings, maintenance (VACUUM, REINDEX, CLUSTER,
// REFRESH), transaction control, locks and DO block markers (their statements
// are lowered separately) change no schema object; Unresolved SQL is unknown,
// and rules never guess. An Other counts only when its statement tag says DDL.
bool changes_schema(const Operation& op) {
    switch (op.kind()) {
    case OpKind::data_change:
    case OpKind::truncate:
    case OpKind::transaction:
    case OpKind::set_setting:
    case OpKind::lock_table:
    case OpKind::vacuum:
    case OpKind::cluster:
    case OpKind::reindex:
    case OpKind::refresh_matview:
    case OpKind::do_block:
    case OpKind::unresolved:
        return false;
    case OpKind::other: {
        const std::string& what = op.as<Other>().what;
        return what.starts_with("CREATE") || what.starts_with("ALTER") || what.starts_with("DROP");
    }
    default:
        return true;
    }
}

// The Alembic call that undoes `op`, or empty when there is no mechanical one.
std::string inverse_call(const Operation& op) {
    if (const auto* create = op.get<CreateTable>()) {
        return "op.drop_table(" + python_string(create->table.name) + alembic_schema(create->table) + ")";
    }
    if (const auto* add = op.get<AddColumn>()) {
        return "op.drop_column(" + python_string(add->table.name) + ", " + python_string(add->column.name) +
               alembic_schema(add->table) + ")";
    }
    if (const auto* index = op.get<CreateIndex>(); index != nullptr && !index->name.empty()) {
        return "op.drop_index(" + python_string(index->name) + ", table_name=" + python_string(index->table.name) +
               alembic_schema(index->table) + ")";
    }
    if (const auto* add = op.get<AddConstraint>(); add != nullptr && add->constraint.is_named()) {
        return "op.drop_constraint(" + python_string(add->constraint.name) + ", " + python_string(add->table.name) +
               alembic_schema(add->table) + ")";
    }
    if (const auto* type = op.get<CreateEnum>()) {
        return "sa.Enum(name=" + python_string(type->type.name) + alembic_schema(type->type) + ").drop(op.get_bind())";
    }
    return {};
}

// The SQL statement that undoes `op`, or empty when there is no mechanical one.
std::string inverse_statement(const Operation& op) {
    if (const auto* create = op.get<CreateTable>()) return "DROP TABLE " + quote_qualified(create->table) + ";";
    if (const auto* add = op.get<AddColumn>()) {
        return "ALTER TABLE " + quote_qualified(add->table) + " DROP COLUMN " + quote_ident(add->column.name) + ";";
    }
    if (const auto* index = op.get<CreateIndex>(); index != nullptr && !index->name.empty()) {
        return "DROP INDEX " + quote_qualified({index->schema, index->name}) + ";";
    }
    if (const auto* add = op.get<AddConstraint>(); add != nullptr && add->constraint.is_named()) {
        return "ALTER TABLE " + quote_qualified(add->table) + " DROP CONSTRAINT " + quote_ident(add->constraint.name) + ";";
    }
    if (const auto* type = op.get<CreateEnum>()) return "DROP TYPE " + quote_qualified(type->type) + ";";
    return {};
}

// The inverses in reverse order, one per line (Alembic calls indented for a
// function body, or SQL statements); tables dropped whole take their indexes
// and constraints with them, so those are not repeated.
std::string downgrade_body(const Migration& migration) {
    const bool alembic = migration.kind == FileKind::alembic_revision;
    std::string body;
    for (auto it = migration.upgrade.rbegin(); it != migration.upgrade.rend(); ++it) {
        const auto& op = *it;
        const QualifiedName table = target_table(op);
        const bool table_dropped_whole = !op.get<CreateTable>() && !table.empty() && [&] {
            for (const auto& other : migration.upgrade) {
                if (const auto* create = other.get<CreateTable>(); create != nullptr && create->table == table) return true;
            }
            return false;
        }();
        if (table_dropped_whole) continue;
        const auto call = alembic ? inverse_call(op) : inverse_statement(op);
        if (!call.empty()) body += (alembic ? "    " : "") + call + "\n";
    }
    return body;
}

// A SQL migration of a layout with a down direction (x.down.sql, goose's Down section).
void check_sql(const Migration& migration, Reporter& out) {
    const auto name = std::filesystem::path(migration.path()).filename().string();
    const bool absent = migration.downgrade_shape == DowngradeShape::absent;
    // "the `-- +goose Down` section" reads "has no `-- +goose Down` section".
    const std::string_view place = migration.downgrade_place;
    const auto bare = place.starts_with("the ") ? place.substr(4) : place;
    const std::string what = absent ? "has no " + std::string(bare) : std::string(place) + " does nothing";
    auto body = downgrade_body(migration);
    if (body.ends_with('\n')) body.pop_back();
    out.report(migration.upgrade_span, quoted(name) + " changes the schema but " + what +
                                           ", so rolling it back reports success and leaves the schema changed")
        .help("undo the upgrade in " + migration.downgrade_place + ", in reverse order:\n" +
              (body.empty() ? std::string("-- undo each statement of the up direction, in reverse order") : body));
}

void check(const Migration& migration, const MigrationContext& /*ctx*/, Reporter& out) {
    // A downgrade that does something is judged by downgrade-not-mirror.
    if (migration.downgrade_shape == DowngradeShape::present ||
        migration.downgrade_shape == DowngradeShape::not_applicable) {
        return;
    }
    // A data-only or empty upgrade leaves nothing in the schema to undo.
    bool schema_changed = false;
    for (const auto& op : migration.upgrade) schema_changed = schema_changed || changes_schema(op);
    if (!schema_changed) return;
    if (migration.kind == FileKind::sql) {
        check_sql(migration, out);
        return;
    }

    const std::string revision = migration.revision.revision.empty() ? std::string("this revision")
                                                                     : "revision " + quoted(migration.revision.revision);
    const auto body = downgrade_body(migration);
    const std::string help_body = body.empty() ? "    ...  # undo each upgrade() operation, in reverse order\n" : body;
    if (migration.downgrade_shape == DowngradeShape::raises) {
        out.report(migration.downgrade_span,
                   "downgrade() of " + revision + " raises, so the revision cannot be rolled back once applied")
            .severity(Severity::info)
            .help("if the change can be undone, undo it instead of raising:\ndef downgrade():\n" + help_body);
        return;
    }
    const bool absent = migration.downgrade_shape == DowngradeShape::absent;
    const Span at = absent ? migration.upgrade_span : migration.downgrade_span;
    const std::string what = absent ? "has no downgrade()" : "has a downgrade() that does nothing";
    out.report(at, revision + " changes the schema but " + what +
                       ", so `alembic downgrade` reports success and leaves the schema changed")
        .help("undo the upgrade, in reverse order:\ndef downgrade():\n" + help_body);
}

}  // namespace

const Rule& missing_downgrade() {
    static const Rule rule{
        .id = "missing-downgrade",
        .summary = "A migration changes the schema but its downgrade (Alembic downgrade(), a down file or section) is missing or does nothing.",
        .default_severity = Severity::warning,
        .check_migration = &check,
        .tags = {"alembic", "rollback"},
    };
    return rule;
}

}  // namespace miglint::rules

// An Alembic revision that changes the schema but whose downgrade() is absent
// or does nothing, so `alembic downgrade` reports success and leaves the
// schema as upgrade() made it.
// No lock: the hazard is a rollback that silently does not happen (Alembic
// manual, "Tutorial": "Running our Second Migration" / downgrade).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
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

// Tables the upgrade leaves no trace of: temporary ones, and those it creates
// and drops again (a work table): nothing about them is left to undo.
std::set<std::string> transient_tables(const Migration& migration) {
    std::set<std::string> created;
    std::set<std::string> transient;
    for (const auto& op : migration.upgrade) {
        if (const auto* create = op.get<CreateTable>()) {
            if (create->temporary) transient.insert(SchemaState::key(create->table));
            else created.insert(SchemaState::key(create->table));
        } else if (const auto* drop = op.get<DropTable>(); drop != nullptr && created.contains(SchemaState::key(drop->table))) {
            transient.insert(SchemaState::key(drop->table));
        }
    }
    return transient;
}

// Whether `op` leaves a change in the schema that a downgrade must undo.
bool leaves_a_change(const Operation& op, const std::set<std::string>& transient) {
    const auto table = target_table(op);
    if (!table.empty() && transient.contains(SchemaState::key(table))) return false;
    return changes_schema(op);
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
    if (const auto* rename = op.get<RenameTable>()) {
        return "op.rename_table(" + python_string(rename->new_name) + ", " + python_string(rename->table.name) +
               alembic_schema(rename->table) + ")";
    }
    if (const auto* rename = op.get<RenameColumn>()) {
        return "op.alter_column(" + python_string(rename->table.name) + ", " + python_string(rename->new_name) +
               ", new_column_name=" + python_string(rename->column) + alembic_schema(rename->table) + ")";
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
    if (const auto* rename = op.get<RenameTable>()) {
        return "ALTER TABLE " + quote_qualified({rename->table.schema, rename->new_name}) + " RENAME TO " +
               quote_ident(rename->table.name) + ";";
    }
    if (const auto* rename = op.get<RenameColumn>()) {
        return "ALTER TABLE " + quote_qualified(rename->table) + " RENAME COLUMN " + quote_ident(rename->new_name) + " TO " +
               quote_ident(rename->column) + ";";
    }
    return {};
}

// The inverses in reverse order, one per line (Alembic calls indented for a
// function body, or SQL statements); tables dropped whole take their indexes
// and constraints with them, so those are not repeated.
struct DowngradeBody {
    std::string text;
    // Every schema change of the upgrade has its inverse in `text`.
    bool complete = true;
};

DowngradeBody downgrade_body(const Migration& migration) {
    const bool alembic = migration.kind == FileKind::alembic_revision;
    const auto& ops = migration.upgrade;
    // Created by a step before `end`: dropping it whole undoes what came after its creation.
    const auto created_before = [&](const QualifiedName& table, std::size_t end) {
        for (std::size_t i = 0; i < end; ++i) {
            if (const auto* create = ops[i].get<CreateTable>(); create != nullptr && create->table == table) return true;
        }
        return false;
    };
    const auto transient = transient_tables(migration);
    DowngradeBody body;
    // Columns the upgrade adds to each table: a backfill of only those goes with them.
    const auto added_by_upgrade = [&](const QualifiedName& table, const std::string& column) {
        return std::any_of(ops.begin(), ops.end(), [&](const Operation& other) {
            const auto* add = other.get<AddColumn>();
            return add != nullptr && add->table == table && add->column.name == column;
        });
    };
    for (std::size_t position = ops.size(); position-- > 0;) {
        const auto& op = ops[position];
        // Rows written into tables the downgrade keeps stay there: that is no mechanical inverse.
        if (const auto* change = op.get<DataChange>()) {
            const bool undone = created_before(change->table, position) ||
                                (change->kind == DataChange::Kind::update && !change->columns_set.empty() &&
                                 std::all_of(change->columns_set.begin(), change->columns_set.end(),
                                             [&](const std::string& c) { return added_by_upgrade(change->table, c); }));
            if (!undone && !transient.contains(SchemaState::key(change->table))) body.complete = false;
            continue;
        }
        if (const auto* other = op.get<Other>(); other != nullptr && other->what == "op.bulk_insert") {
            body.complete = false;
            continue;
        }
        if (!leaves_a_change(op, transient)) continue;
        const QualifiedName table = target_table(op);
        // A table created here is dropped whole, with its indexes and constraints; but a foreign
        // key added after the tables (Prisma's way) may point at a table created later, which
        // could not be dropped first: such constraints go first, as the reverse order has it.
        const auto* add = op.get<AddConstraint>();
        const bool foreign_key = add != nullptr && add->constraint.kind == ConstraintKind::foreign_key;
        if (!op.get<CreateTable>() && !table.empty() && created_before(table, position) && !foreign_key) {
            // A table created and renamed in one upgrade: its drop would name the old name.
            if (op.kind() == OpKind::rename_table) body.complete = false;
            continue;
        }
        const auto call = alembic ? inverse_call(op) : inverse_statement(op);
        if (!call.empty()) body.text += (alembic ? "    " : "") + call + "\n";
        else if (changes_schema(op)) body.complete = false;
    }
    return body;
}

// The edit that writes `body` as the downgrade of a goose or dbmate file: into
// its empty Down section, or as a new section at the end.
std::optional<Edit> sql_downgrade_edit(const Migration& migration, const std::string& body) {
    const bool goose = migration.downgrade_place.find("goose") != std::string::npos;
    const bool dbmate = migration.downgrade_place.find("migrate:down") != std::string::npos;
    // A down file of its own (x.down.sql, down.sql): another file to write, which a fix does not.
    if ((!goose && !dbmate) || migration.downgrade_source) return std::nullopt;
    const auto& source = *migration.source;
    const auto text = source.text();
    if (migration.downgrade_shape == DowngradeShape::empty) {
        const auto line_end = text.find('\n', migration.downgrade_span.begin);
        if (line_end == std::string_view::npos) return Edit{{static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(text.size())}, "\n" + body};
        const auto at = static_cast<std::uint32_t>(line_end + 1);
        return Edit{{at, at}, body};
    }
    const auto end = static_cast<std::uint32_t>(text.size());
    const std::string lead = text.empty() || text.back() == '\n' ? "\n" : "\n\n";
    return Edit{{end, end}, lead + (goose ? "-- +goose Down\n" : "-- migrate:down\n") + body};
}

// The edit that writes `body` as downgrade(): in place of a body that does
// nothing (pass, ..., a docstring, comments), or as a new function at the end.
std::optional<Edit> alembic_downgrade_edit(const Migration& migration, const std::string& body) {
    const auto& source = *migration.source;
    const auto text = source.text();
    const auto end = static_cast<std::uint32_t>(text.size());
    if (migration.downgrade_shape == DowngradeShape::absent) {
        const std::string lead = text.empty() || text.back() == '\n' ? "\n\n" : "\n\n\n";
        return Edit{{end, end}, lead + "def downgrade():\n" + body};
    }
    // The body: the lines after `def downgrade():` that are indented deeper than the def, or blank.
    const auto def_line = source.line_of(migration.downgrade_span.begin);
    const auto def_text = source.line_text(def_line);
    const auto def_indent = def_text.find_first_not_of(" \t");
    // Only `def downgrade():` (or `-> None:`) alone on its line: not a one-line
    // `def downgrade(): pass`, nor a signature over several lines.
    const auto code = def_text.substr(0, def_text.find('#'));  // a def line holds no string with a #
    const auto colon = code.rfind(':');
    const bool alone = colon != std::string_view::npos && code.find(')') != std::string_view::npos &&
                       code.find_first_not_of(" \t", colon + 1) == std::string_view::npos;
    if (!alone) return std::nullopt;
    std::uint32_t last = def_line;
    for (auto line = def_line + 1; line <= source.line_count(); ++line) {
        const auto body_text = source.line_text(line);
        const auto first = body_text.find_first_not_of(" \t");
        if (first == std::string_view::npos) continue;
        if (first <= def_indent) break;
        last = line;
    }
    if (last == def_line) return std::nullopt;
    const auto begin = source.line_start(def_line + 1);
    const auto stop = static_cast<std::uint32_t>(source.line_start(last) + source.line_text(last).size());
    auto replacement = body;
    if (replacement.ends_with('\n')) replacement.pop_back();
    return Edit{{begin, stop}, replacement};
}

// A fix writing the whole downgrade, where every schema change has a mechanical inverse.
std::optional<Fix> downgrade_fix(const Migration& migration, const DowngradeBody& body) {
    if (!body.complete || body.text.empty()) return std::nullopt;
    const auto edit = migration.kind == FileKind::alembic_revision ? alembic_downgrade_edit(migration, body.text)
                                                                  : sql_downgrade_edit(migration, body.text);
    if (!edit) return std::nullopt;
    return Fix{"write the downgrade: the inverse of each upgrade step, in reverse order", {*edit}, true};
}

// A SQL migration of a layout with a down direction (x.down.sql, goose's Down section).
void check_sql(const Migration& migration, Reporter& out) {
    const auto name = std::filesystem::path(migration.path()).filename().string();
    const bool absent = migration.downgrade_shape == DowngradeShape::absent;
    // "the `-- +goose Down` section" reads "has no `-- +goose Down` section".
    const std::string_view place = migration.downgrade_place;
    const auto bare = place.starts_with("the ") ? place.substr(4) : place;
    const std::string what = absent ? "has no " + std::string(bare) : std::string(place) + " does nothing";
    const auto body = downgrade_body(migration);
    auto shown = body.text;
    if (shown.ends_with('\n')) shown.pop_back();
    const auto left = body.complete ? std::string() : "\n-- and undo by hand what has no mechanical inverse (data changes, unnamed constraints and indexes, ALTER forms)";
    out.report(migration.upgrade_span, quoted(name) + " changes the schema but " + what +
                                           ", so rolling it back reports success and leaves the schema changed")
        .help("undo the upgrade in " + migration.downgrade_place + ", in reverse order:\n" +
              (shown.empty() ? std::string("-- undo each statement of the up direction, in reverse order") : shown + left))
        .fix(downgrade_fix(migration, body));
}

// An upgrade that only adds enum values: PostgreSQL cannot remove a value
// (there is no ALTER TYPE ... DROP VALUE), so a downgrade that does nothing is
// the right one, provided the upgrade can run again after it: with IF NOT
// EXISTS. Reports the value that cannot and returns true when that is the
// whole upgrade.
bool judged_as_enum_values(const Migration& migration, const std::set<std::string>& transient, Reporter& out) {
    const Operation* without_guard = nullptr;
    for (const auto& op : migration.upgrade) {
        if (!leaves_a_change(op, transient)) continue;
        const auto* add = op.get<AlterEnumAddValue>();
        if (add == nullptr) return false;
        if (!add->if_not_exists && without_guard == nullptr) without_guard = &op;
    }
    if (without_guard == nullptr) return true;
    const auto& add = without_guard->as<AlterEnumAddValue>();
    const auto guarded = "ALTER TYPE " + quote_qualified(add.type) + " ADD VALUE IF NOT EXISTS " + sql_string(add.value) +
                         (add.neighbour.empty() ? "" : std::string(add.before ? " BEFORE " : " AFTER ") + sql_string(add.neighbour));
    const bool alembic = migration.kind == FileKind::alembic_revision;
    out.report(without_guard->span, "PostgreSQL cannot remove enum value " + sql_string(add.value) + " from " +
                                        quoted(add.type) + ", so a rollback leaves it, and running the upgrade again "
                                        "afterwards fails with \"enum label already exists\"")
        .help("keep the downgrade a no-op and let the upgrade run again after a rollback:\n" +
              (alembic ? "op.execute(" + python_string(guarded) + ")" : guarded + ";"));
    return true;
}

void check(const Migration& migration, const MigrationContext& /*ctx*/, Reporter& out) {
    // A downgrade that does something is judged by downgrade-not-mirror.
    if (migration.downgrade_shape == DowngradeShape::present ||
        migration.downgrade_shape == DowngradeShape::not_applicable) {
        return;
    }
    // A data-only or empty upgrade leaves nothing in the schema to undo.
    const auto transient = transient_tables(migration);
    bool schema_changed = false;
    for (const auto& op : migration.upgrade) schema_changed = schema_changed || leaves_a_change(op, transient);
    if (!schema_changed || judged_as_enum_values(migration, transient, out)) return;
    if (migration.kind == FileKind::sql) {
        check_sql(migration, out);
        return;
    }

    const std::string revision = migration.revision.revision.empty() ? std::string("this revision")
                                                                     : "revision " + quoted(migration.revision.revision);
    const auto body = downgrade_body(migration);
    const std::string help_body = body.text.empty() ? "    ...  # undo each upgrade() operation, in reverse order\n"
                                  : body.complete  ? body.text
                                                   : body.text + "    # and undo by hand what has no mechanical inverse\n";
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
        .help("undo the upgrade, in reverse order:\ndef downgrade():\n" + help_body)
        .fix(downgrade_fix(migration, body));
}

}  // namespace

const Rule& missing_downgrade() {
    static const Rule rule{
        .id = "missing-downgrade",
        .summary = "A migration changes the schema but its downgrade (Alembic downgrade(), a down file or section) is missing or does nothing.",
        .default_severity = Severity::warning,
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::unsafe,
        .fix_does = "writes the downgrade (into an empty downgrade(), Down section or a new one) where every upgrade step has a mechanical inverse: drop what was created, rename back",
        .check_migration = &check,
        .tags = {"alembic", "rollback"},
    };
    return rule;
}

}  // namespace miglint::rules

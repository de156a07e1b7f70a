// ALTER TYPE ... ADD VALUE inside a transaction block.
// Before PostgreSQL 12 it is refused there ("ALTER TYPE ... ADD cannot run
// inside a transaction block") unless the enum type was created in the same
// transaction; from 12 on it runs, but the new value cannot be used until the
// transaction commits ("unsafe use of new value"; PostgreSQL manual,
// "ALTER TYPE", Notes, and the PostgreSQL 12 release notes).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>
#include <filesystem>

namespace miglint::rules {
namespace {

constexpr PgVersion k_allowed_in_transaction_since{12, 0};

bool names_same(const QualifiedName& a, const QualifiedName& b) { return SchemaState::key(a) == SchemaState::key(b); }

bool has(const std::vector<std::string>& strings, const std::string& value) {
    return std::find(strings.begin(), strings.end(), value) != strings.end();
}

bool has(const HeapOptional<Expression>& expr, const std::string& value) { return expr && has(expr->strings, value); }

bool any_check_has(const std::vector<Constraint>& constraints, const std::string& value) {
    return std::any_of(constraints.begin(), constraints.end(), [&](const Constraint& c) { return has(c.check, value); });
}

bool column_has(const ColumnDef& column, const std::string& value) {
    return has(column.default_value, value) || any_check_has(column.constraints, value);
}

// What in `op` uses the enum label `value` ("an UPDATE of `t`"), or "" when nothing does.
// The front ends record string constants of defaults, CHECKs, USING and data changes.
std::string use_of(const Operation& op, const std::string& value) {
    if (const auto* add = op.get<AddColumn>()) {
        return column_has(add->column, value) ? "adding column " + quoted(add->table.display() + "." + add->column.name) : "";
    }
    if (const auto* create = op.get<CreateTable>()) {
        const bool uses = std::any_of(create->columns.begin(), create->columns.end(),
                                      [&](const ColumnDef& c) { return column_has(c, value); }) ||
                          any_check_has(create->constraints, value);
        return uses ? "creating table " + quoted(create->table) : "";
    }
    if (const auto* set = op.get<SetDefault>()) {
        return has(set->value, value) ? "the default of " + quoted(set->table.display() + "." + set->column) : "";
    }
    if (const auto* add = op.get<AddConstraint>()) {
        return has(add->constraint.check, value) ? "the CHECK constraint on " + quoted(add->table) : "";
    }
    if (const auto* alter = op.get<AlterColumnType>()) {
        return has(alter->using_expr, value) ? "the USING clause on " + quoted(alter->table.display() + "." + alter->column) : "";
    }
    if (const auto* index = op.get<CreateIndex>()) {
        return has(index->where, value) ? "the partial index predicate on " + quoted(index->table) : "";
    }
    if (const auto* add = op.get<AlterDomainAddConstraint>()) {
        return has(add->constraint.check, value) ? "the CHECK constraint on domain " + quoted(add->domain) : "";
    }
    if (const auto* change = op.get<DataChange>()) {
        if (!has(change->strings, value)) return "";
        switch (change->kind) {
            case DataChange::Kind::insert: return "the INSERT into " + quoted(change->table);
            case DataChange::Kind::update: return "the UPDATE of " + quoted(change->table);
            case DataChange::Kind::delete_: return "the DELETE from " + quoted(change->table);
        }
    }
    return "";
}

std::string statement(const AlterEnumAddValue& add) {
    return "ALTER TYPE " + quote_qualified(add.type) + " ADD VALUE " + (add.if_not_exists ? "IF NOT EXISTS " : "") +
           sql_string(add.value) +
           (add.neighbour.empty() ? "" : std::string(add.before ? " BEFORE " : " AFTER ") + sql_string(add.neighbour));
}

// True when the enum type was created by an earlier operation of the same transaction.
bool type_created_in_this_transaction(const Operation& op, const AlterEnumAddValue& add, const RuleContext& ctx) {
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto& earlier = ctx.operations()[i];
        const auto* create = earlier.get<CreateEnum>();
        if (create != nullptr && earlier.transaction_id == op.transaction_id && names_same(create->type, add.type)) return true;
    }
    return false;
}

// A use, in this revision, of a value an earlier revision added in the one
// transaction Alembic runs a whole `alembic upgrade` in: when one run applies
// both (a deploy of both, any fresh database) the use fails, as in one file.
void check_value_from_earlier_revision(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (ctx.pg_version() < k_allowed_in_transaction_since) return;  // the ADD VALUE itself fails there, and is flagged
    for (const auto* added : ctx.schema().uncommitted_from_earlier(op, ctx.migration_index())) {
        const auto use = use_of(op, added->value);
        if (use.empty()) continue;
        // Only the first use in this revision: the rest fail for the same reason.
        const auto& ops = ctx.operations();
        const bool used_before = std::any_of(ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(ctx.position()),
                                             [&](const Operation& earlier) { return !use_of(earlier, added->value).empty(); });
        if (used_before) continue;
        const auto file = std::filesystem::path(added->added_by).filename().string();
        const auto sql = "ALTER TYPE " + quote_qualified(added->type) + " ADD VALUE " + sql_string(added->value);
        out.report(op.span, use + " uses the value " + sql_string(added->value) + " that " +
                                (file.empty() ? std::string("an earlier revision") : quoted(file)) + " adds to enum " +
                                quoted(added->type) + "; env.py runs every revision of an `alembic upgrade` in one "
                                "transaction, and PostgreSQL refuses the value until that transaction commits (\"unsafe "
                                "use of new value\"), so an upgrade that applies both revisions, as every new database's "
                                "does, fails")
            .help("commit the value in the revision that adds it, before anything uses it:\n"
                  "with op.get_context().autocommit_block():\n    op.execute(" + python_string(sql) + ")\n"
                  "or give each revision its own transaction: context.configure(..., transaction_per_migration=True) in env.py");
        return;
    }
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (op.kind() != OpKind::alter_enum_add_value) {
        check_value_from_earlier_revision(op, ctx, out);
        return;
    }
    const auto& add = op.as<AlterEnumAddValue>();
    // Outside a transaction block (plain SQL file, after COMMIT, Alembic autocommit_block) the value commits at once.
    if (op.in_transaction != InTransaction::yes) return;
    const auto sql = statement(add);
    if (ctx.pg_version() < k_allowed_in_transaction_since) {
        // Before 12 PostgreSQL allows it for a type created in the same transaction: no index can hold the value yet.
        if (type_created_in_this_transaction(op, add, ctx)) return;
        out.report(op.span, "adding value " + sql_string(add.value) + " to enum " + quoted(add.type) +
                                " inside a transaction block fails before PostgreSQL 12 (\"ALTER TYPE ... ADD cannot run "
                                "inside a transaction block\"), so the migration fails")
            .help("run it outside a transaction block, " + std::string(unit_words(ctx).outside) + ":\n" +
                  SafeForm(op, ctx).run_outside_transaction(sql).text())
            .fix(run_outside_where_it_stands(op, ctx));
        return;
    }
    // From 12 on, adding is fine; only a later use of the value in the same transaction fails.
    const auto& ops = ctx.operations();
    for (std::size_t i = ctx.position() + 1; i < ops.size(); ++i) {
        const auto& later = ops[i];
        if (later.transaction_id != op.transaction_id) break;  // the transaction ended: the value is committed
        const auto use = use_of(later, add.value);
        if (use.empty()) continue;
        out.report(later.span, use + " uses the value " + sql_string(add.value) + " added to enum " + quoted(add.type) +
                                   " earlier in the same transaction, which PostgreSQL refuses until that transaction "
                                   "commits (\"unsafe use of new value\"), so the migration fails")
            .help("commit the new value before using it:\n" + SafeForm(op, ctx)
                                                                     .run_outside_transaction(sql)
                                                                     .commit()
                                                                     .note("use " + sql_string(add.value) + " from here on")
                                                                     .text())
            .fix(run_outside_where_it_stands(op, ctx));
        return;
    }
}

}  // namespace

const Rule& enum_add_value_in_transaction() {
    static const Rule rule{
        .id = "enum-add-value-in-transaction",
        .summary = "ALTER TYPE ... ADD VALUE in a transaction fails before PostgreSQL 12, and from 12 on the new value cannot be used before it commits.",
        .default_severity = Severity::error,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,  // autocommit_block(), goose NO TRANSACTION, dbmate transaction:false
        .fix_safety = FixSafety::unsafe,
        .fix_does = "moves ALTER TYPE ... ADD VALUE out of the transaction: Alembic autocommit_block(), goose NO TRANSACTION, dbmate transaction:false",
        .applies_to = {OpKind::alter_enum_add_value, OpKind::add_column, OpKind::create_table, OpKind::set_default,
                       OpKind::add_constraint, OpKind::alter_column_type, OpKind::create_index,
                       OpKind::alter_domain_add_constraint, OpKind::data_change},
        .check = &check,
        .tags = {"transactions", "enum", "alembic", k_run_time_failure},
    };
    return rule;
}

}  // namespace miglint::rules

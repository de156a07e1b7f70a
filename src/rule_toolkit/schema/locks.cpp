// Which table locks an operation takes, and which operations do work that
// grows with a table's size. Lock modes follow the PostgreSQL manual,
// "Explicit Locking" (13.3.1, table-level lock modes) and the Notes of each
// statement's reference page (ALTER TABLE, CREATE INDEX, DROP INDEX, REINDEX,
// CLUSTER, VACUUM, REFRESH MATERIALIZED VIEW, TRUNCATE, LOCK).
#include "schema/predicates.hpp"

#include <algorithm>
#include <set>

namespace miglint {
namespace {

constexpr std::string_view k_access_exclusive = "ACCESS EXCLUSIVE";
constexpr std::string_view k_exclusive = "EXCLUSIVE";
constexpr std::string_view k_share_row_exclusive = "SHARE ROW EXCLUSIVE";
constexpr std::string_view k_share = "SHARE";
constexpr std::string_view k_share_update_exclusive = "SHARE UPDATE EXCLUSIVE";
constexpr std::string_view k_row_exclusive = "ROW EXCLUSIVE";

// ATTACH PARTITION takes only SHARE UPDATE EXCLUSIVE on the parent since 12.
constexpr PgVersion k_attach_weak_lock_since{12, 0};
// Since 11 a non-volatile ADD COLUMN default is stored in the catalog, not in each row.
constexpr PgVersion k_fast_default_since{11, 0};

TableLock lock_on(const QualifiedName& table, std::string_view mode) {
    return {table, std::string(mode), quoted(table)};
}

// The table of index `index`: Alembic's table_name=, else the replayed history.
std::optional<QualifiedName> table_of_index(const QualifiedName& index, const QualifiedName& given, const RuleContext& ctx) {
    if (!given.empty()) return given;
    const auto* state = ctx.schema().index(index);
    if (state == nullptr) return std::nullopt;
    const auto* table = ctx.schema().table({"", state->table});
    if (table != nullptr) return table->name;
    const auto dot = state->table.find('.');
    if (dot == std::string::npos) return QualifiedName{"", state->table};
    return QualifiedName{state->table.substr(0, dot), state->table.substr(dot + 1)};
}

TableLock lock_on_index_table(const QualifiedName& index, const QualifiedName& given, std::string_view mode,
                              const RuleContext& ctx) {
    if (const auto table = table_of_index(index, given, ctx)) return lock_on(*table, mode);
    return {{}, std::string(mode), "the table of index " + quoted(index)};
}

void add_foreign_key_locks(const std::vector<Constraint>& constraints, std::vector<TableLock>& out) {
    for (const auto& c : constraints) {
        // ADD FOREIGN KEY "requires a SHARE ROW EXCLUSIVE lock on the referenced table".
        if (c.kind == ConstraintKind::foreign_key && !c.referenced_table.empty()) {
            out.push_back(lock_on(c.referenced_table, k_share_row_exclusive));
        }
    }
}

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
// Clang 14 (the fuzz build) does not deduce aggregate template arguments by itself.
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

bool is_existing(const QualifiedName& table, const RuleContext& ctx) {
    return table.empty() || is_existing_table(ctx, table);
}

// ---- ALTER COLUMN TYPE rewrites (moved here from change-column-type) -------
// The no-rewrite allow-list mirrors PostgreSQL's own tests, 9.2 and later:
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

// 9.1 skipped the rewrite for binary-coercible casts such as varchar → text;
// 9.2 added the typmod cases (release notes). Below 9.2 only a no-op change is
// trusted, a false positive on 9.1 for long unsupported versions.
constexpr PgVersion k_relabel_since{9, 2};
// The largest fractional-second precision of timestamp and time types.
constexpr int k_max_temporal_precision = 6;

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

// True when adding `column` writes a value into every existing row.
bool add_column_rewrites(const ColumnDef& column, const RuleContext& ctx) {
    // A virtual generated column (PostgreSQL 18) is computed when read: nothing is written.
    if (column.generated == Generated::stored || column.identity != Identity::none || column.is_serial) return true;
    if (!column.default_value || column.default_value->is_null_constant) return false;
    return default_volatility(*column.default_value, ctx) == Volatility::volatile_ || ctx.pg_version() < k_fast_default_since;
}

bool builds_index(const Constraint& c) {
    return (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique ||
            c.kind == ConstraintKind::exclusion) &&
           c.using_index.empty();
}

std::optional<SlowWork> work_on(const QualifiedName& table, std::string what, const RuleContext& ctx) {
    if (!is_existing(table, ctx)) return std::nullopt;
    return SlowWork{table, std::move(what), quoted(table)};
}

}  // namespace

std::vector<QualifiedName> tables_its_foreign_keys_reference(const QualifiedName& table, const RuleContext& ctx) {
    std::vector<QualifiedName> out;
    const auto* state = ctx.schema().table(table);
    if (state == nullptr) return out;
    const auto own_key = SchemaState::key(table);
    for (const auto& c : state->constraints) {
        if (c.kind != ConstraintKind::foreign_key || c.referenced_table.empty()) continue;
        if (SchemaState::key(c.referenced_table) == own_key) continue;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const QualifiedName& t) {
            return SchemaState::key(t) == SchemaState::key(c.referenced_table);
        });
        if (!seen) out.push_back(c.referenced_table);
    }
    return out;
}

std::vector<TableLock> table_locks(const Operation& op, const RuleContext& ctx) {
    std::vector<TableLock> out;
    const auto one = [&](const QualifiedName& table, std::string_view mode) { out.push_back(lock_on(table, mode)); };
    op.visit(
        Overloaded{
            [&](const CreateTable& create) {
                // The new table itself is unused; a partition locks its parent, a foreign key its referenced table.
                if (create.partition_of && !create.parent.empty()) one(create.parent, k_access_exclusive);
                for (const auto& column : create.columns) add_foreign_key_locks(column.constraints, out);
                add_foreign_key_locks(create.constraints, out);
            },
            [&](const DropTable& drop) {
                one(drop.table, k_access_exclusive);
                // Dropping its foreign keys' triggers locks each referenced table too (seen on PostgreSQL 15).
                for (const auto& referenced : tables_its_foreign_keys_reference(drop.table, ctx)) {
                    one(referenced, k_access_exclusive);
                }
            },
            [&](const RenameTable& rename) { one(rename.table, k_access_exclusive); },
            [&](const AddColumn& add) {
                one(add.table, k_access_exclusive);
                add_foreign_key_locks(add.column.constraints, out);
            },
            [&](const DropColumn& drop) { one(drop.table, k_access_exclusive); },
            [&](const RenameColumn& rename) { one(rename.table, k_access_exclusive); },
            [&](const AlterColumnType& alter) { one(alter.table, k_access_exclusive); },
            [&](const SetNotNull& set) { one(set.table, k_access_exclusive); },
            [&](const DropNotNull& drop) { one(drop.table, k_access_exclusive); },
            [&](const SetDefault& set) { one(set.table, k_access_exclusive); },
            [&](const AddConstraint& add) {
                if (add.constraint.kind == ConstraintKind::foreign_key) {
                    one(add.table, k_share_row_exclusive);
                    add_foreign_key_locks({add.constraint}, out);
                } else {
                    one(add.table, k_access_exclusive);
                }
            },
            [&](const ValidateConstraint& validate) { one(validate.table, k_share_update_exclusive); },
            [&](const DropConstraint& drop) { one(drop.table, k_access_exclusive); },
            [&](const RenameConstraint& rename) { one(rename.table, k_access_exclusive); },
            [&](const CreateIndex& create) { one(create.table, create.concurrently ? k_share_update_exclusive : k_share); },
            [&](const DropIndex& drop) {
                out.push_back(lock_on_index_table(drop.index, drop.table,
                                                  drop.concurrently ? k_share_update_exclusive : k_access_exclusive, ctx));
            },
            [&](const ReindexOp& reindex) {
                // REINDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE; the plain form SHARE on the table.
                const auto mode = reindex.concurrently ? k_share_update_exclusive : k_share;
                if (reindex.target == ReindexOp::Target::table) one(reindex.name, mode);
                if (reindex.target == ReindexOp::Target::index) out.push_back(lock_on_index_table(reindex.name, {}, mode, ctx));
            },
            [&](const DataChange& change) { one(change.table, k_row_exclusive); },
            [&](const Truncate& truncate) {
                for (const auto& table : truncate.tables) one(table, k_access_exclusive);
            },
            [&](const LockTable& lock) {
                for (const auto& table : lock.tables) one(table, lock.mode);
            },
            [&](const Vacuum& vacuum) {
                for (const auto& table : vacuum.tables) one(table, vacuum.full ? k_access_exclusive : k_share_update_exclusive);
            },
            [&](const Cluster& cluster) {
                if (!cluster.table.empty()) one(cluster.table, k_access_exclusive);
            },
            [&](const RefreshMatView& refresh) { one(refresh.view, refresh.concurrently ? k_exclusive : k_access_exclusive); },
            [&](const DetachPartition& detach) {
                if (detach.concurrently) {
                    one(detach.table, k_share_update_exclusive);
                    return;
                }
                one(detach.table, k_access_exclusive);
                one(detach.partition, k_access_exclusive);
            },
            [&](const AlterTableForm& form) { one(form.table, form.lock); },
            [&](const AttachPartition& attach) {
                one(attach.table, ctx.pg_version() < k_attach_weak_lock_since ? k_access_exclusive : k_share_update_exclusive);
                one(attach.partition, k_access_exclusive);
            },
            [](const auto&) {},
        });
    return out;
}

bool blocks_reads_or_writes(std::string_view mode) {
    return mode == k_share || mode == k_share_row_exclusive || mode == k_exclusive || mode == k_access_exclusive;
}

std::string_view blocked_by(std::string_view mode) {
    return mode == k_access_exclusive ? "reads and writes" : "writes";
}

std::optional<TableLock> blocking_lock(const Operation& op, const RuleContext& ctx) {
    for (auto& lock : table_locks(op, ctx)) {
        if (blocks_reads_or_writes(lock.mode) && is_existing(lock.table, ctx)) return std::move(lock);
    }
    return std::nullopt;
}

namespace {

// True when the replayed history already made every one of `columns` of `table` NOT NULL.
bool already_not_null(const QualifiedName& table_name, const std::vector<std::string>& columns, const RuleContext& ctx) {
    const auto* table = ctx.schema().table(table_name);
    if (table == nullptr || columns.empty()) return false;
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& name) {
        const auto* column = table->column(name);
        return column != nullptr && column->not_null;
    });
}

}  // namespace

std::optional<SlowWork> slow_work(const Operation& op, const RuleContext& ctx) {
    return op.visit(
        Overloaded{
            [&](const SetNotNull& set) -> std::optional<SlowWork> {
                // Already NOT NULL in the replayed history: nothing to check.
                if (const auto* table = ctx.schema().table(set.table)) {
                    if (const auto* column = table->column(set.column); column != nullptr && column->not_null) return std::nullopt;
                }
                return work_on(set.table, "a NOT NULL scan of", ctx);
            },
            [&](const AddConstraint& add) -> std::optional<SlowWork> {
                const auto& c = add.constraint;
                if (builds_index(c)) return work_on(add.table, "an index build on", ctx);
                // NOT VALID and (PostgreSQL 18) NOT ENFORCED skip the scan.
                if ((c.kind == ConstraintKind::foreign_key || c.kind == ConstraintKind::check) && !c.not_valid && !c.not_enforced) {
                    return work_on(add.table, "a validation scan of", ctx);
                }
                if (c.kind == ConstraintKind::not_null && !c.not_valid && !already_not_null(add.table, c.columns, ctx)) {
                    return work_on(add.table, "a NOT NULL scan of", ctx);
                }
                return std::nullopt;
            },
            [&](const AlterColumnType& alter) -> std::optional<SlowWork> {
                if (alter.new_type.empty() || type_change_rewrite(alter, ctx) == Rewrite::no) return std::nullopt;
                return work_on(alter.table, "a rewrite of", ctx);
            },
            [&](const AddColumn& add) -> std::optional<SlowWork> {
                if (add_column_rewrites(add.column, ctx)) return work_on(add.table, "a rewrite of", ctx);
                const auto& cs = add.column.constraints;
                if (std::any_of(cs.begin(), cs.end(), builds_index)) return work_on(add.table, "an index build on", ctx);
                return std::nullopt;
            },
            [&](const CreateIndex& create) -> std::optional<SlowWork> {
                if (create.concurrently) return std::nullopt;
                return work_on(create.table, "an index build on", ctx);
            },
            [&](const ValidateConstraint& validate) { return work_on(validate.table, "a validation scan of", ctx); },
            [&](const DataChange& change) -> std::optional<SlowWork> {
                // A plain INSERT adds the rows it lists; the IR cannot tell INSERT ... SELECT apart.
                if (change.kind == DataChange::Kind::insert) return std::nullopt;
                return work_on(change.table, change.kind == DataChange::Kind::update ? "an UPDATE of" : "a DELETE from", ctx);
            },
            [&](const Vacuum& vacuum) -> std::optional<SlowWork> {
                if (!vacuum.full) return std::nullopt;
                for (const auto& table : vacuum.tables) {
                    if (auto work = work_on(table, "a rewrite of", ctx)) return work;
                }
                return std::nullopt;
            },
            [&](const Cluster& cluster) -> std::optional<SlowWork> {
                if (cluster.table.empty()) return std::nullopt;
                return work_on(cluster.table, "a rewrite of", ctx);
            },
            [&](const RefreshMatView& refresh) { return work_on(refresh.view, "a refresh of", ctx); },
            [&](const ReindexOp& reindex) -> std::optional<SlowWork> {
                if (reindex.concurrently || reindex.target != ReindexOp::Target::table) return std::nullopt;
                return work_on(reindex.name, "a reindex of", ctx);
            },
            [&](const AttachPartition& attach) { return work_on(attach.partition, "a partition constraint scan of", ctx); },
            [&](const AlterTableForm& form) -> std::optional<SlowWork> {
                if (!form.rewrites) return std::nullopt;
                return work_on(form.table, "a rewrite of", ctx);
            },
            [](const auto&) -> std::optional<SlowWork> { return std::nullopt; },
        });
}

std::optional<TypeRef> type_before_change(const AlterColumnType& alter, const RuleContext& ctx) {
    if (alter.old_type && !alter.old_type->empty()) return *alter.old_type;
    if (const auto* table = ctx.schema().table(alter.table)) {
        if (const auto* column = table->column(alter.column); column != nullptr && !column->type.empty()) return column->type;
    }
    return std::nullopt;
}

Rewrite type_change_rewrite(const AlterColumnType& alter, const RuleContext& ctx) {
    // A USING clause computes every value anew, so PostgreSQL rewrites.
    if (alter.using_expr) return Rewrite::yes;
    const auto old_type = type_before_change(alter, ctx);
    if (!old_type) return Rewrite::unknown;
    return is_rewrite_free(*old_type, alter.new_type, ctx.pg_version()) ? Rewrite::no : Rewrite::yes;
}

std::string statement_name(const Operation& op) {
    switch (op.kind()) {
        case OpKind::create_table: return "CREATE TABLE";
        case OpKind::drop_table: return "DROP TABLE";
        case OpKind::create_index: return op.as<CreateIndex>().unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
        case OpKind::drop_index: return "DROP INDEX";
        case OpKind::reindex: return "REINDEX";
        case OpKind::data_change: {
            const auto kind = op.as<DataChange>().kind;
            return kind == DataChange::Kind::update ? "UPDATE" : kind == DataChange::Kind::delete_ ? "DELETE" : "INSERT";
        }
        case OpKind::truncate: return "TRUNCATE";
        case OpKind::lock_table: return "LOCK TABLE";
        case OpKind::vacuum: return op.as<Vacuum>().full ? "VACUUM FULL" : "VACUUM";
        case OpKind::cluster: return "CLUSTER";
        case OpKind::refresh_matview: return "REFRESH MATERIALIZED VIEW";
        case OpKind::alter_table_form: return "ALTER TABLE ... " + op.as<AlterTableForm>().what;
        default: return "ALTER TABLE";
    }
}

namespace {

// True when `value` turns the timeout off: 0 with or without a unit.
bool is_zero_timeout(const std::string& value) {
    const auto digits_end = value.find_first_not_of("0123456789.");
    const auto number = value.substr(0, digits_end);
    return !number.empty() && number.find_first_not_of("0.") == std::string::npos;
}

}  // namespace

bool SettingInEffect::advance(const Operation& op) {
    const bool in_effect = m_session || (m_local_transaction != 0 && m_local_transaction == op.transaction_id);
    const auto* set = op.get<SetSetting>();
    if (set == nullptr) return in_effect;
    const bool all = set->reset && (set->name.empty() || set->name == "all");
    if (set->name != m_setting && !all) return in_effect;
    const bool on = !set->reset && !is_zero_timeout(set->value);
    if (set->local) {
        // SET LOCAL outside a transaction block has no effect.
        m_local_transaction = on ? op.transaction_id : 0;
    } else {
        m_session = on;
        m_local_transaction = 0;
    }
    return in_effect;
}

namespace {

// The indentation of the first line of code after the line of `def upgrade`, in an Alembic revision.
std::string_view upgrade_body_indent(const Migration& migration) {
    const auto& source = *migration.source;
    for (auto line = source.line_of(migration.upgrade_span.begin) + 1; line <= source.line_count(); ++line) {
        const auto text = source.line_text(line);
        const auto first = text.find_first_not_of(" \t");
        if (first == std::string_view::npos || text[first] == '#') continue;
        return text.substr(0, first);
    }
    return {};
}

}  // namespace

std::optional<Fix> set_at_top(const RuleContext& ctx, std::string_view setting, const std::string& value) {
    const auto& ops = ctx.operations();
    if (ops.empty()) return std::nullopt;
    // The migration sets or resets it itself (too late, to 0, only locally): where a SET belongs is the author's call.
    for (const auto& op : ops) {
        const auto* set = op.get<SetSetting>();
        if (set != nullptr && (set->name == setting || (set->reset && (set->name.empty() || set->name == "all")))) {
            return std::nullopt;
        }
    }
    // A runner that sends the file as one query runs a lone statement outside any
    // transaction; a SET before it would put both in one implicit transaction,
    // where a CONCURRENTLY (this file's, or another fix's) fails.
    const bool lone = ops.back().statement == ops.front().statement;
    if (ctx.migration().runner == RunnerTransaction::single_query && lone) return std::nullopt;
    // The same where another fix may switch the runner's transaction off for a lone index build
    // or enum value (diesel's metadata.toml, dbmate's transaction:false), which sends the file as one query.
    const auto kind = ops.front().kind();
    if (ctx.migration().runner_after_opt_out == RunnerTransaction::single_query && lone &&
        (kind == OpKind::create_index || kind == OpKind::drop_index || kind == OpKind::reindex ||
         kind == OpKind::alter_enum_add_value)) {
        return std::nullopt;
    }
    const auto& first = ops.front();
    const auto& source = *ctx.migration().source;
    const auto statement = "SET " + std::string(setting) + " = " + sql_string(value);
    std::optional<Edit> edit;
    if (ctx.is_alembic()) {
        const auto call = first.from_sql_string ? first.sql_call : first.span;
        if (call.empty()) return std::nullopt;
        // Nested in a with or for block, the call is not where upgrade() starts.
        const auto line = source.line_text(source.line_of(call.begin));
        if (line.substr(0, line.find_first_not_of(" \t")) != upgrade_body_indent(ctx.migration())) return std::nullopt;
        edit = alembic_before(first, source, alembic_execute(statement));
    } else {
        edit = insert_before_statement(first, source, {statement});
    }
    if (!edit) return std::nullopt;
    return Fix{"set " + std::string(setting) + " at the top of the migration", {std::move(*edit)}, true};
}

}  // namespace miglint

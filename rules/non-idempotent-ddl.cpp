// CREATE or DROP without IF [NOT] EXISTS outside a transaction.
// No lock of its own. Outside a transaction every statement commits on its
// own, so a migration that fails halfway leaves its first statements applied,
// and running it again fails on the first of them: "relation already exists"
// (PostgreSQL manual, "CREATE TABLE": IF NOT EXISTS "Do not throw an error if
// a relation with the same name already exists"; "DROP TABLE": IF EXISTS).
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/index_text.hpp"

namespace miglint::rules {
namespace {

std::string values_sql(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + sql_string(v);
    return out;
}

// What the operation creates or drops, and how to say it again safely.
struct Guard {
    std::string object;              // "table `users`"
    std::string sql;                 // the re-runnable statement(s)
    std::string alembic;             // the re-runnable op call, or "" when SQL is the way
    std::optional<Fix> fix;
};

std::optional<Fix> insert_after(const Operation& op, const RuleContext& ctx,
                                std::initializer_list<std::initializer_list<std::string_view>> prefixes,
                                std::string_view text) {
    // One edit per statement: a statement lowered into several operations (DROP TABLE a, b) gets none.
    const auto& ops = ctx.operations();
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i != ctx.position() && ops[i].statement == op.statement) return std::nullopt;
    }
    for (const auto words : prefixes) {
        if (const auto at = offset_after_leading_words(op, *ctx.migration().source, words)) {
            return Fix{"add " + std::string(text.substr(1)), {{{*at, *at}, std::string(text)}}};
        }
    }
    return std::nullopt;
}

std::optional<Guard> guard_for(const Operation& op, const RuleContext& ctx) {
    switch (op.kind()) {
        case OpKind::create_table: {
            const auto& create = op.as<CreateTable>();
            // Guarded already; or temporary, which a new session does not see.
            if (create.if_not_exists || create.temporary) return std::nullopt;
            return Guard{"table " + quoted(create.table),
                         "CREATE TABLE IF NOT EXISTS " + quote_qualified(create.table) + (create.as_select ? " AS ..." : " (...)") + ";",
                         "op.create_table(" + python_string(create.table.name) + ", ..." + alembic_schema(create.table) +
                             ", if_not_exists=True)",
                         insert_after(op, ctx, {{"CREATE", "TABLE"}, {"CREATE", "UNLOGGED", "TABLE"}}, " IF NOT EXISTS")};
        }
        case OpKind::create_index: {
            const auto& index = op.as<CreateIndex>();
            if (index.if_not_exists) return std::nullopt;
            // IF NOT EXISTS needs a name: an unnamed index gets the one PostgreSQL would have chosen.
            auto named = index;
            if (named.name.empty()) named.name = generated_index_name(index);
            if (index.concurrently) {
                // A failed concurrent build leaves an INVALID index behind, which IF NOT EXISTS would keep: drop it first.
                const DropIndex leftover{QualifiedName{index.table.schema, named.name}, index.table, true, true, false};
                return Guard{"index " + quoted(named.name),
                             drop_index_sql(leftover, true) + "\n" + create_index_sql(named, {.concurrently = true}),
                             drop_index_alembic(leftover, true) + "\n" + create_index_alembic(named, {.concurrently = true}),
                             std::nullopt};
            }
            return Guard{"index " + quoted(named.name), create_index_sql(named, {.if_not_exists = true}),
                         create_index_alembic(named, {.if_not_exists = true}),
                         index.name.empty() ? std::nullopt
                                            : insert_after(op, ctx, {{"CREATE", "INDEX"}, {"CREATE", "UNIQUE", "INDEX"}},
                                                           " IF NOT EXISTS")};
        }
        case OpKind::create_enum: {
            const auto& create = op.as<CreateEnum>();
            if (create.if_not_exists) return std::nullopt;
            // CREATE TYPE has no IF NOT EXISTS: a DO block catches the duplicate.
            return Guard{"type " + quoted(create.type),
                         "DO $$ BEGIN\n    CREATE TYPE " + quote_qualified(create.type) + " AS ENUM (" + values_sql(create.values) +
                             ");\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $$;",
                         "postgresql.ENUM(" + python_strings(create.values) + (create.values.empty() ? "" : ", ") +
                             "name=" + python_string(create.type.name) + alembic_schema(create.type) +
                             ").create(op.get_bind(), checkfirst=True)\n# and pass create_type=False to the column's ENUM",
                         std::nullopt};
        }
        case OpKind::create_schema: {
            const auto& create = op.as<CreateSchema>();
            if (create.if_not_exists) return std::nullopt;
            return Guard{"schema " + quoted(create.schema), "CREATE SCHEMA IF NOT EXISTS " + quote_ident(create.schema) + ";", "",
                         insert_after(op, ctx, {{"CREATE", "SCHEMA"}}, " IF NOT EXISTS")};
        }
        case OpKind::add_column: {
            const auto& add = op.as<AddColumn>();
            if (add.if_not_exists) return std::nullopt;
            // The column as declared, with IF NOT EXISTS / if_not_exists=True added.
            const auto uses = column_type_uses(op);
            const auto sql_type = add.column.is_serial ? std::string(serial_spelling(add.column)) : sql_type_name(add.column.type);
            const auto declared = [&](const std::string& sqlalchemy_type) {
                return uses.empty() ? std::string{} : retyped_declaration(uses.front(), {sql_type, sqlalchemy_type, std::nullopt, ""}, op, ctx);
            };
            std::string sql;
            std::string alembic;
            if ((help_language(op, ctx) == HelpLanguage::alembic)) {
                alembic = declared(add.column.type.written.empty() ? std::string("...") : add.column.type.written);
                if (!alembic.empty() && alembic.back() == ')') alembic.insert(alembic.size() - 1, ", if_not_exists=True");
            } else {
                sql = declared("");
                const auto keyword = sql.find(" ADD COLUMN ");
                if (keyword != std::string::npos) sql.insert(keyword + 12, "IF NOT EXISTS ");
            }
            return Guard{"column " + quoted(add.table.display() + "." + add.column.name), sql, alembic, std::nullopt};
        }
        case OpKind::drop_table: {
            const auto& drop = op.as<DropTable>();
            if (drop.if_exists) return std::nullopt;
            return Guard{"table " + quoted(drop.table),
                         "DROP TABLE IF EXISTS " + quote_qualified(drop.table) + (drop.cascade ? " CASCADE" : "") + ";",
                         "op.drop_table(" + python_string(drop.table.name) + alembic_schema(drop.table) + ", if_exists=True)",
                         insert_after(op, ctx, {{"DROP", "TABLE"}}, " IF EXISTS")};
        }
        case OpKind::drop_index: {
            const auto& drop = op.as<DropIndex>();
            if (drop.if_exists) return std::nullopt;
            const auto table = drop.table.empty() ? std::string{} : ", table_name=" + python_string(drop.table.name);
            return Guard{"index " + quoted(drop.index),
                         std::string("DROP INDEX ") + (drop.concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " +
                             quote_qualified(drop.index) + (drop.cascade ? " CASCADE" : "") + ";",
                         "op.drop_index(" + python_string(drop.index.name) + table + alembic_schema(drop.index) +
                             (drop.concurrently ? ", postgresql_concurrently=True" : "") + ", if_exists=True)",
                         insert_after(op, ctx, {{"DROP", "INDEX", "CONCURRENTLY"}, {"DROP", "INDEX"}}, " IF EXISTS")};
        }
        case OpKind::drop_type: {
            const auto& drop = op.as<DropType>();
            if (drop.if_exists) return std::nullopt;
            return Guard{"type " + quoted(drop.type),
                         "DROP TYPE IF EXISTS " + quote_qualified(drop.type) + (drop.cascade ? " CASCADE" : "") + ";",
                         "postgresql.ENUM(name=" + python_string(drop.type.name) + alembic_schema(drop.type) +
                             ").drop(op.get_bind(), checkfirst=True)",
                         insert_after(op, ctx, {{"DROP", "TYPE"}, {"DROP", "DOMAIN"}}, " IF EXISTS")};
        }
        case OpKind::drop_schema: {
            const auto& drop = op.as<DropSchema>();
            if (drop.if_exists) return std::nullopt;
            return Guard{"schema " + quoted(drop.schema),
                         "DROP SCHEMA IF EXISTS " + quote_ident(drop.schema) + (drop.cascade ? " CASCADE" : "") + ";", "",
                         insert_after(op, ctx, {{"DROP", "SCHEMA"}}, " IF EXISTS")};
        }
        case OpKind::drop_column: {
            const auto& drop = op.as<DropColumn>();
            if (drop.if_exists) return std::nullopt;
            return Guard{"column " + quoted(drop.table.display() + "." + drop.column),
                         "ALTER TABLE " + quote_qualified(drop.table) + " DROP COLUMN IF EXISTS " + quote_ident(drop.column) +
                             (drop.cascade ? " CASCADE" : "") + ";",
                         "op.drop_column(" + python_string(drop.table.name) + ", " + python_string(drop.column) +
                             alembic_schema(drop.table) + ", if_exists=True)",
                         std::nullopt};
        }
        case OpKind::drop_constraint: {
            const auto& drop = op.as<DropConstraint>();
            // Unnamed (Alembic name=None) is unnamed-constraint's finding: there is nothing to guard.
            if (drop.if_exists || drop.name.empty()) return std::nullopt;
            return Guard{"constraint " + quoted(drop.name) + " on " + quoted(drop.table),
                         "ALTER TABLE " + quote_qualified(drop.table) + " DROP CONSTRAINT IF EXISTS " + quote_ident(drop.name) +
                             (drop.cascade ? " CASCADE" : "") + ";",
                         "op.drop_constraint(" + python_string(drop.name) + ", " + python_string(drop.table.name) +
                             alembic_schema(drop.table) + ", if_exists=True)",
                         std::nullopt};
        }
        default: return std::nullopt;
    }
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    // Inside a transaction a failure rolls everything back, so a second run starts from a clean slate.
    if (op.in_transaction == InTransaction::yes) return;
    // A DO block is where guards are written by hand (IF NOT EXISTS (SELECT ...), EXCEPTION WHEN
    // duplicate_object), which miglint cannot see: it trusts the block, and a block is atomic anyway.
    if (op.from_do_block) return;
    auto guard = guard_for(op, ctx);
    // Already IF [NOT] EXISTS, or not an operation this rule guards.
    if (!guard) return;
    const bool creates = op.kind() == OpKind::create_table || op.kind() == OpKind::create_index ||
                         op.kind() == OpKind::create_enum || op.kind() == OpKind::create_schema ||
                         op.kind() == OpKind::add_column;
    const auto help = (help_language(op, ctx) == HelpLanguage::alembic) && !guard->alembic.empty() ? guard->alembic : guard->sql;
    out.report(op.span, std::string(creates ? "creating " : "dropping ") + guard->object +
                            " outside a transaction is not re-runnable: if a later statement fails, running the "
                            "migration again fails here because the " +
                            (creates ? "object already exists" : "object is already gone"))
        .help("make it safe to run twice:\n" + help)
        .fix(std::move(guard->fix));
}

}  // namespace

const Rule& non_idempotent_ddl() {
    static const Rule rule{
        .id = "non-idempotent-ddl",
        .summary = "CREATE or DROP without IF [NOT] EXISTS outside a transaction fails when a half-applied migration is run again.",
        .default_severity = Severity::warning,
        .enabled_by_default = false,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,
        .fix_safety = FixSafety::safe,
        .fix_does = "adds IF NOT EXISTS or IF EXISTS",
        .applies_to = {OpKind::create_table, OpKind::create_index, OpKind::create_enum, OpKind::create_schema,
                       OpKind::add_column, OpKind::drop_table, OpKind::drop_index, OpKind::drop_type,
                       OpKind::drop_schema, OpKind::drop_column, OpKind::drop_constraint},
        .check = &check,
        .tags = {"idempotency"},
    };
    return rule;
}

}  // namespace miglint::rules

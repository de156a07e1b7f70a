// A table, index or type created, altered or dropped by an unqualified name.
// No lock: the object is resolved through search_path at run time
// (PostgreSQL manual, "The Schema Search Path": "the first matching table in
// the search path is taken to be the one wanted"; a CREATE without a schema
// creates in the first schema of the path), so the same migration can act on
// a different schema depending on the role, database or connection settings.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

// The unqualified object an operation acts on.
struct Target {
    std::string_view what;     // "table", "index", "type"
    std::string name;
    std::string sql;           // the statement's head with `schema.` inserted, `%s` for the schema
    std::string alembic;       // the op call with schema=%s, or "" when no op takes it
};

std::string with_schema(const std::string& pattern, const std::string& schema) {
    const auto at = pattern.find("%s");
    return at == std::string::npos ? pattern : pattern.substr(0, at) + schema + pattern.substr(at + 2);
}

std::optional<Target> table_target(const QualifiedName& table, std::string_view sql_verb, std::string_view alembic_op) {
    // Qualified (or nothing named): resolved the same way everywhere.
    if (!table.schema.empty() || table.name.empty()) return std::nullopt;
    return Target{"table", table.name, std::string(sql_verb) + " %s." + quote_ident(table.name) + " ...",
                  alembic_op.empty() ? std::string{}
                                     : "op." + std::string(alembic_op) + "(" + python_string(table.name) + ", ..., schema=%s)"};
}

std::optional<Target> type_target(const QualifiedName& type, std::string_view sql_verb) {
    if (!type.schema.empty() || type.name.empty()) return std::nullopt;
    return Target{"type", type.name, std::string(sql_verb) + " %s." + quote_ident(type.name) + " ...",
                  "sa.Enum(..., name=" + python_string(type.name) + ", schema=%s)"};
}

std::optional<Target> target_of(const Operation& op) {
    switch (op.kind()) {
        case OpKind::create_table: {
            const auto& create = op.as<CreateTable>();
            // A temporary table lives in the session's own pg_temp schema and cannot be put elsewhere.
            if (create.temporary) return std::nullopt;
            return table_target(create.table, "CREATE TABLE", "create_table");
        }
        case OpKind::drop_table: return table_target(op.as<DropTable>().table, "DROP TABLE", "drop_table");
        case OpKind::rename_table: return table_target(op.as<RenameTable>().table, "ALTER TABLE", "rename_table");
        case OpKind::add_column: return table_target(op.as<AddColumn>().table, "ALTER TABLE", "add_column");
        case OpKind::drop_column: return table_target(op.as<DropColumn>().table, "ALTER TABLE", "drop_column");
        case OpKind::alter_column_type:
        case OpKind::set_not_null:
        case OpKind::drop_not_null:
        case OpKind::set_default:
        case OpKind::rename_column: return table_target(target_table(op), "ALTER TABLE", "alter_column");
        case OpKind::add_constraint:
        case OpKind::validate_constraint:
        case OpKind::rename_constraint: return table_target(target_table(op), "ALTER TABLE", "");
        case OpKind::drop_constraint: return table_target(target_table(op), "ALTER TABLE", "drop_constraint");
        case OpKind::create_index: {
            const auto& index = op.as<CreateIndex>();
            if (!index.table.schema.empty() || index.table.name.empty()) return std::nullopt;
            // The index goes into its table's schema, so qualifying the table is enough.
            return Target{"table", index.table.name,
                          "CREATE INDEX " + (index.name.empty() ? std::string() : quote_ident(index.name) + " ") + "ON %s." +
                              quote_ident(index.table.name) + " ...",
                          "op.create_index(" + python_string(index.name) + ", " + python_string(index.table.name) +
                              ", ..., schema=%s)"};
        }
        case OpKind::drop_index: {
            const auto& drop = op.as<DropIndex>();
            if (!drop.index.schema.empty() || drop.index.name.empty()) return std::nullopt;
            return Target{"index", drop.index.name, "DROP INDEX %s." + quote_ident(drop.index.name) + " ...",
                          "op.drop_index(" + python_string(drop.index.name) + ", ..., schema=%s)"};
        }
        case OpKind::create_enum: return type_target(op.as<CreateEnum>().type, "CREATE TYPE");
        case OpKind::alter_enum_add_value: return type_target(op.as<AlterEnumAddValue>().type, "ALTER TYPE");
        case OpKind::alter_enum_rename_value: return type_target(op.as<AlterEnumRenameValue>().type, "ALTER TYPE");
        case OpKind::drop_type: return type_target(op.as<DropType>().type, "DROP TYPE");
        case OpKind::create_domain: {
            auto target = type_target(op.as<CreateDomain>().domain, "CREATE DOMAIN");
            if (target) target->alembic.clear();
            return target;
        }
        case OpKind::alter_domain_add_constraint: {
            auto target = type_target(op.as<AlterDomainAddConstraint>().domain, "ALTER DOMAIN");
            if (target) target->alembic.clear();
            return target;
        }
        default: return std::nullopt;
    }
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const auto target = target_of(op);
    // Qualified, or not an object this rule knows: nothing depends on search_path.
    if (!target) return;
    // One finding per object and statement: ALTER TABLE t ADD a, ADD b names `t` once (the
    // statements of a DO block share its number but keep their own spans).
    const auto& ops = ctx.operations();
    for (std::size_t i = ctx.position(); i-- > 0 && ops[i].statement == op.statement;) {
        const auto earlier = ops[i].span == op.span ? target_of(ops[i]) : std::nullopt;
        if (earlier && earlier->what == target->what && earlier->name == target->name) return;
    }
    const auto schema = ctx.option("schema", "public");
    const auto alembic = (help_language(op, ctx) == HelpLanguage::alembic) && !target->alembic.empty();
    out.report(op.span, std::string(target->what) + " " + quoted(target->name) +
                            " is not schema-qualified, so which schema it lands in or refers to depends on the "
                            "search_path of whoever runs the migration")
        .help("name its schema:\n" + (alembic ? with_schema(target->alembic, python_string(schema)) : with_schema(target->sql, quote_ident(schema))));
}

}  // namespace

const Rule& require_schema_qualified() {
    static const Rule rule{
        .id = "require-schema-qualified",
        .summary = "A table, index or type named without its schema is resolved through search_path, which differs between roles and connections.",
        .default_severity = Severity::info,
        .enabled_by_default = false,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::drop_table, OpKind::rename_table, OpKind::add_column,
                       OpKind::drop_column, OpKind::alter_column_type, OpKind::set_not_null, OpKind::drop_not_null,
                       OpKind::set_default, OpKind::rename_column, OpKind::add_constraint,
                       OpKind::validate_constraint, OpKind::rename_constraint, OpKind::drop_constraint,
                       OpKind::create_index, OpKind::drop_index, OpKind::create_enum, OpKind::alter_enum_add_value,
                       OpKind::alter_enum_rename_value, OpKind::drop_type, OpKind::create_domain,
                       OpKind::alter_domain_add_constraint},
        .options = {{"schema", "string", "public", "the schema the help suggests"}},
        .check = &check,
        .tags = {"schema-quality"},
    };
    return rule;
}

}  // namespace miglint::rules

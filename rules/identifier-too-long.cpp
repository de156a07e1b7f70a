// An identifier created longer than 63 bytes: a table, column, index,
// constraint, type, domain or schema name, also through RENAME.
// No lock: PostgreSQL truncates the name to NAMEDATALEN - 1 bytes with only a
// NOTICE (PostgreSQL manual, "Identifiers and Key Words": "The system uses no
// more than NAMEDATALEN-1 bytes of an identifier; longer names can be written
// in commands, but they will be truncated").
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

namespace miglint::rules {
namespace {

// One name the operation creates.
struct Created {
    std::string_view what;           // "table", "index", ...
    std::string_view name;           // as the operation holds it (it outlives the check)
    bool checked_by_sqlalchemy = false;  // an explicit index or constraint name SQLAlchemy validates
    Span span;                       // the column or constraint, else empty (the statement)
};

void add_constraint(const Constraint& c, bool alembic, std::vector<Created>& out) {
    // An op.f() name over the limit is shortened by SQLAlchemy, not truncated by PostgreSQL.
    if (c.is_named() && !c.name_from_convention) out.push_back({"constraint", c.name, alembic, c.span});
}

void add_constraints(const std::vector<Constraint>& constraints, bool alembic, std::vector<Created>& out) {
    for (const auto& c : constraints) add_constraint(c, alembic, out);
}

void add_column(const ColumnDef& column, bool alembic, std::vector<Created>& out) {
    out.push_back({"column", column.name, false, column.span});
    add_constraints(column.constraints, alembic, out);
}

std::vector<Created> created_names(const Operation& op, bool alembic) {
    std::vector<Created> out;
    if (const auto* create = op.get<CreateTable>()) {
        out.push_back({"table", create->table.name, false});
        for (const auto& column : create->columns) add_column(column, alembic, out);
        add_constraints(create->constraints, alembic, out);
    } else if (const auto* add = op.get<AddColumn>()) {
        add_column(add->column, alembic, out);
    } else if (const auto* constraint = op.get<AddConstraint>()) {
        add_constraint(constraint->constraint, alembic, out);
    } else if (const auto* domain_constraint = op.get<AlterDomainAddConstraint>()) {
        add_constraint(domain_constraint->constraint, false, out);
    } else if (const auto* index = op.get<CreateIndex>()) {
        if (!index->name_from_convention) out.push_back({"index", index->name, alembic});
    } else if (const auto* enum_type = op.get<CreateEnum>()) {
        out.push_back({"type", enum_type->type.name, false});
    } else if (const auto* domain = op.get<CreateDomain>()) {
        out.push_back({"domain", domain->domain.name, false});
    } else if (const auto* schema = op.get<CreateSchema>()) {
        out.push_back({"schema", schema->schema, false});
    } else if (const auto* table = op.get<RenameTable>()) {
        out.push_back({"table", table->new_name, false});
    } else if (const auto* column = op.get<RenameColumn>()) {
        out.push_back({"column", column->new_name, false});
    } else if (const auto* renamed = op.get<RenameConstraint>()) {
        out.push_back({"constraint", renamed->new_name, false});
    } else if (const auto* renamed_schema = op.get<RenameSchema>()) {
        out.push_back({"schema", renamed_schema->new_name, false});
    }
    return out;
}

// The name as the source wrote it: the SQL parser hands over the truncated
// name and the front end records the written one beside it.
std::string_view written_name(const Operation& op, std::string_view name) {
    for (const auto& t : op.truncated_identifiers) {
        if (t.truncated == name) return t.written;
    }
    return name;
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    const bool alembic_names = written_as_alembic_call(op, ctx);
    for (const auto& created : created_names(op, alembic_names)) {
        const auto written = written_name(op, created.name);
        // Fits in NAMEDATALEN - 1 bytes: stored as written.
        if (written.size() <= k_max_identifier_bytes) continue;
        const auto stored = truncated_identifier(written);
        std::string message = std::string(created.what) + " name " + quoted(std::string(written)) + " is " +
                              std::to_string(written.size()) + " bytes, and PostgreSQL silently truncates it to " +
                              std::to_string(stored.size()) + " (" + quoted(stored) + ")";
        message += created.checked_by_sqlalchemy
                       ? ", while SQLAlchemy refuses a name this long and the migration fails"
                       : ": another name with the same first bytes collides with it, and tools that compare the full "
                         "name see a different object";
        const auto example = alembic_names ? python_string(stored) : quote_ident(stored);
        out.report(created.span.begin == 0 && created.span.end == 0 ? op.span : span_within(created.span, op), std::move(message))
            .help("give it a name of at most 63 bytes, for instance what PostgreSQL stores now, " + example +
                  ", or a shorter one of your own");
    }
}

}  // namespace

const Rule& identifier_too_long() {
    static const Rule rule{
        .id = "identifier-too-long",
        .summary = "A name longer than 63 bytes is silently truncated by PostgreSQL, so the object exists under a different name than the migration wrote.",
        .default_severity = Severity::warning,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::never,
        .applies_to = {OpKind::create_table, OpKind::add_column, OpKind::add_constraint, OpKind::alter_domain_add_constraint,
                       OpKind::create_index, OpKind::create_enum, OpKind::create_domain, OpKind::create_schema,
                       OpKind::rename_table, OpKind::rename_column, OpKind::rename_constraint, OpKind::rename_schema},
        .check = &check,
        .tags = {"correctness", "schema-quality"},
    };
    return rule;
}

}  // namespace miglint::rules

#include "schema/predicates.hpp"

#include "toolkit/builtin_functions.hpp"

#include <algorithm>
#include <cctype>

namespace miglint {

std::string quoted(const std::string& name) { return "`" + name + "`"; }
std::string quoted(const QualifiedName& name) { return quoted(name.display()); }

QualifiedName table_of_key(const std::string& key) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) return {"", key};
    return {key.substr(0, dot), key.substr(dot + 1)};
}

ColumnOfKey column_of_key(const std::string& key) {
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) return {{}, key};
    return {table_of_key(key.substr(0, dot)), key.substr(dot + 1)};
}

bool is_existing_table(const RuleContext& ctx, const QualifiedName& table) {
    return !ctx.created_in_this_migration(table);
}

Volatility default_volatility(const Expression& expression, const RuleContext& ctx) {
    if (expression.volatility == Volatility::volatile_) return Volatility::volatile_;
    for (const auto& function : expression.functions) {
        const auto declared = ctx.schema().function_volatility(function);
        if (declared ? *declared == Volatility::volatile_ : !is_builtin_non_volatile_function(function)) {
            return Volatility::volatile_;
        }
    }
    return expression.volatility;
}

namespace {

std::string with_thousands(std::uint64_t n) {
    auto digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

}  // namespace

std::string size_note(const RuleContext& ctx, const QualifiedName& table) {
    if (!ctx.is_large_table(table)) return {};
    const auto rows = ctx.large_table_rows(table);
    return rows ? " (a large table, about " + with_thousands(*rows) + " rows)" : " (a large table)";
}

Severity lock_severity(const RuleContext& ctx, const QualifiedName& table, Severity base) {
    return ctx.is_large_table(table) ? Severity::error : base;
}

bool is_plain_sql(const Operation& op, const SourceText& source) {
    return !op.from_sql_string && !op.from_do_block && !source.path().ends_with(".py");
}

std::optional<std::uint32_t> offset_after_keyword(const Operation& op, const SourceText& source, std::string_view after) {
    // A DO block cannot run CONCURRENTLY anyway, and Python sits around SQL in a .py file.
    if (!is_plain_sql(op, source)) return std::nullopt;
    const auto text = source.slice(op.span);
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_')) continue;
        if (i + after.size() > text.size()) break;
        bool match = true;
        for (std::size_t k = 0; k < after.size() && match; ++k) {
            match = std::toupper(static_cast<unsigned char>(text[i + k])) == after[k];
        }
        const auto end = i + after.size();
        if (match && (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))) {
            return op.span.begin + static_cast<std::uint32_t>(end);
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> offset_after_leading_words(const Operation& op, const SourceText& source,
                                                        std::initializer_list<std::string_view> words) {
    if (!is_plain_sql(op, source)) return std::nullopt;
    const auto text = source.slice(op.span);
    std::size_t i = 0;
    bool first = true;
    for (const auto word : words) {
        const auto start = i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
        if (!first && i == start) return std::nullopt;
        first = false;
        if (i + word.size() > text.size()) return std::nullopt;
        for (std::size_t k = 0; k < word.size(); ++k) {
            if (std::toupper(static_cast<unsigned char>(text[i + k])) != word[k]) return std::nullopt;
        }
        i += word.size();
        if (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) != 0 || text[i] == '_')) return std::nullopt;
    }
    return op.span.begin + static_cast<std::uint32_t>(i);
}

}  // namespace miglint

namespace miglint {

Span span_within(Span inner, const Operation& op) {
    if (inner.begin < op.span.begin || inner.begin >= op.span.end) return op.span;
    return {inner.begin, std::min(std::max(inner.end, inner.begin + 1), op.span.end)};
}

int integer_bytes(const TypeRef& type) {
    if (type.array_dimensions != 0 || !type.schema.empty()) return 0;
    if (type.name == "int2") return 2;
    if (type.name == "int4") return 4;
    if (type.name == "int8") return 8;
    return 0;
}

std::string_view serial_spelling(const ColumnDef& column) {
    if (!column.is_serial) return {};
    switch (integer_bytes(column.type)) {
        case 2: return "smallserial";
        case 8: return "bigserial";
        default: return "serial";
    }
}

std::string sql_type_name(const TypeRef& type) {
    static constexpr std::pair<std::string_view, std::string_view> k_spellings[] = {
        {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"bpchar", "char"},
        {"float4", "real"}, {"float8", "double precision"}, {"bool", "boolean"},
    };
    std::string name = type.name;
    if (type.schema.empty()) {
        for (const auto& [canonical, spelled] : k_spellings) {
            if (name == canonical) name = spelled;
        }
    }
    // Built-in spellings stay bare even where they are keywords (quoted, "char" is another type);
    // a user type named with capitals or other characters is quoted, as it was created.
    const auto spelled = [](const std::string& part) {
        const bool plain = !part.empty() && std::isdigit(static_cast<unsigned char>(part[0])) == 0 &&
                           std::all_of(part.begin(), part.end(), [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ' ';
                           });
        return plain ? part : quote_ident(part);
    };
    std::string out = type.schema.empty() ? spelled(name) : spelled(type.schema) + "." + spelled(name);
    if (!type.modifiers.empty()) {
        out += "(";
        for (std::size_t i = 0; i < type.modifiers.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(type.modifiers[i]);
        out += ")";
    }
    for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
    return out;
}

std::vector<ColumnTypeUse> column_type_uses(const Operation& op) {
    std::vector<ColumnTypeUse> uses;
    if (const auto* create = op.get<CreateTable>()) {
        uses.reserve(create->columns.size());
        for (const auto& column : create->columns) {
            uses.push_back({create->table, column.name, &column.type, &column, OpKind::create_table, create->temporary,
                            span_within(column.span, op)});
        }
    } else if (const auto* add = op.get<AddColumn>()) {
        uses.push_back({add->table, add->column.name, &add->column.type, &add->column, OpKind::add_column, false,
                        span_within(add->column.span, op)});
    } else if (const auto* alter = op.get<AlterColumnType>(); alter != nullptr && !alter->new_type.empty()) {
        uses.push_back({alter->table, alter->column, &alter->new_type, nullptr, OpKind::alter_column_type, false, op.span});
    }
    return uses;
}

namespace {

// `<table>_<column>_check`, the name PostgreSQL would generate, made explicit.
std::string check_name(const QualifiedName& table, const std::string& column) {
    return generated_object_name(table.name, column, "check");
}

std::string sql_column(const ColumnDef& c, const Retype& r, const QualifiedName& table) {
    std::string out = quote_ident(c.name) + " " + r.sql_type;
    const Identity identity = r.identity.value_or(c.identity);
    if (identity == Identity::always) out += " GENERATED ALWAYS AS IDENTITY";
    if (identity == Identity::by_default) out += " GENERATED BY DEFAULT AS IDENTITY";
    if (c.generated == Generated::stored) out += " GENERATED ALWAYS AS (...) STORED";
    if (c.generated == Generated::virtual_) out += " GENERATED ALWAYS AS (...) VIRTUAL";
    if (c.default_value && identity == Identity::none) out += " DEFAULT " + c.default_value->text;
    const bool implied = c.primary_key || identity != Identity::none || r.sql_type.ends_with("serial");
    if (c.not_null && !implied) out += " NOT NULL";
    for (const auto& k : c.constraints) {
        if (k.kind == ConstraintKind::not_null || k.kind == ConstraintKind::exclusion) continue;
        if (k.is_named()) out += " CONSTRAINT " + quote_ident(k.name);
        switch (k.kind) {
            case ConstraintKind::primary_key: out += " PRIMARY KEY"; break;
            case ConstraintKind::unique: out += " UNIQUE"; break;
            case ConstraintKind::foreign_key: out += " " + references_sql(k); break;
            default: out += " CHECK (" + (k.check ? k.check->text : std::string("...")) + ")"; break;
        }
    }
    if (!r.check.empty()) out += " CONSTRAINT " + quote_ident(check_name(table, c.name)) + " CHECK (" + r.check + ")";
    return out;
}

std::string sqlalchemy_column(const ColumnDef& c, const Retype& r, const QualifiedName& table) {
    std::string out = "sa.Column(" + python_string(c.name) + ", " + r.sqlalchemy_type;
    const Identity identity = r.identity.value_or(c.identity);
    if (identity == Identity::always) out += ", sa.Identity(always=True)";
    if (identity == Identity::by_default) out += ", sa.Identity()";
    bool unique = false;
    for (const auto& k : c.constraints) {
        const auto named = k.is_named() ? ", name=" + python_string(k.name) : std::string{};
        if (k.kind == ConstraintKind::foreign_key) {
            const auto target = sqlalchemy_column_path(
                k.referenced_table, k.referenced_columns.empty() ? std::string_view{} : k.referenced_columns.front());
            out += ", sa.ForeignKey(" + python_string(target) + foreign_key_options_python(k) + named + ")";
        } else if (k.kind == ConstraintKind::check) {
            out += ", sa.CheckConstraint(" + python_string(k.check ? k.check->text : std::string("...")) + named + ")";
        } else if (k.kind == ConstraintKind::unique) {
            unique = true;
        }
    }
    if (!r.check.empty()) {
        out += ", sa.CheckConstraint(" + python_string(r.check) + ", name=" + python_string(check_name(table, c.name)) + ")";
    }
    if (c.primary_key) out += ", primary_key=True";
    if (unique) out += ", unique=True";
    if (c.not_null && !c.primary_key && identity == Identity::none) out += ", nullable=False";
    if (c.default_value && identity == Identity::none) out += ", server_default=sa.text(" + python_string(c.default_value->text) + ")";
    return out + ")";
}

}  // namespace

std::string retyped_declaration(const ColumnTypeUse& use, const Retype& retype, const Operation& op,
                                const RuleContext& ctx) {
    const bool alembic = (help_language(op, ctx) == HelpLanguage::alembic);
    const auto& table = use.table;
    if (use.column != nullptr && use.kind == OpKind::create_table) {
        return alembic ? sqlalchemy_column(*use.column, retype, table) : sql_column(*use.column, retype, table);
    }
    SafeForm steps(op, ctx);
    if (use.column != nullptr) {
        const auto* add = op.get<AddColumn>();
        const bool if_not_exists = add != nullptr && add->if_not_exists;
        steps.run({"ALTER TABLE " + quote_qualified(table) + " ADD COLUMN " + (if_not_exists ? "IF NOT EXISTS " : "") +
                       sql_column(*use.column, retype, table),
                   "op.add_column(" + python_string(table.name) + ", " + sqlalchemy_column(*use.column, retype, table) +
                       alembic_schema(table) + (if_not_exists ? ", if_not_exists=True" : "") + ")"});
        return steps.text();
    }
    const auto name = check_name(table, use.column_name);
    const auto* alter = op.get<AlterColumnType>();
    const auto existing = alter != nullptr && alter->old_type && !alter->old_type->written.empty()
                              ? ", existing_type=" + alter->old_type->written
                              : std::string{};
    steps.run({"ALTER TABLE " + quote_qualified(table) + " ALTER COLUMN " + quote_ident(use.column_name) + " TYPE " +
                   retype.sql_type,
               "op.alter_column(" + python_string(table.name) + ", " + python_string(use.column_name) +
                   ", type_=" + retype.sqlalchemy_type + existing + alembic_schema(table) + ")"});
    if (!retype.check.empty()) {
        steps.run({"ALTER TABLE " + quote_qualified(table) + " ADD CONSTRAINT " + quote_ident(name) + " CHECK (" +
                       retype.check + ")",
                   "op.create_check_constraint(" + python_string(name) + ", " + python_string(table.name) + ", " +
                       python_string(retype.check) + alembic_schema(table) + ")"});
    }
    return steps.text();
}

std::optional<NotNullScan> not_null_scan(const Operation& op, PgVersion version) {
    if (const auto* set = op.get<SetNotNull>()) return NotNullScan{set->table, set->column, {}};
    const auto* add = op.get<AddConstraint>();
    if (add == nullptr || add->constraint.kind != ConstraintKind::not_null || add->constraint.not_valid) return std::nullopt;
    if (version < k_not_null_not_valid_since || add->constraint.columns.size() != 1) return std::nullopt;
    return NotNullScan{add->table, add->constraint.columns.front(), add->constraint.name};
}

bool is_known_name(std::string_view name) { return !name.empty() && name.find("%(") == std::string_view::npos; }

std::string not_null_name(const QualifiedName& table, const std::string& column) {
    return generated_object_name(table.name, column, "not_null");
}

namespace {

// PostgreSQL 18: the column's NOT NULL constraint added NOT VALID, under the name it would get.
std::string add_not_null_not_valid(const QualifiedName& table, const std::string& column) {
    return "ALTER TABLE " + quote_qualified(table) + " ADD CONSTRAINT " + quote_ident(not_null_name(table, column)) +
           " NOT NULL " + quote_ident(column) + " NOT VALID";
}

std::string validate_constraint(const QualifiedName& table, const std::string& name) {
    return "ALTER TABLE " + quote_qualified(table) + " VALIDATE CONSTRAINT " + quote_ident(name);
}

}  // namespace

SafeForm& not_null_steps(SafeForm& form, const QualifiedName& table, const std::string& column, const RuleContext& ctx) {
    if (ctx.pg_version() >= k_not_null_not_valid_since) {
        return form.run(add_not_null_not_valid(table, column))
            .commit()
            .run_outside_transaction(validate_constraint(table, not_null_name(table, column)));
    }
    const auto check = not_null_name(table, column);
    form.run(add_check_step(table, check, quote_ident(column) + " IS NOT NULL", true))
        .commit()
        .run_outside_transaction(validate_constraint(table, check));
    // Before 12 SET NOT NULL scans even with the CHECK: the CHECK is the rule.
    if (ctx.pg_version() < PgVersion{12, 0}) return form;
    return form.run(set_not_null_step(table, column, true)).run(drop_constraint_step(table, check, "check"));
}

std::string safe_not_null(const QualifiedName& table, const std::string& column, const Operation& op,
                          const RuleContext& ctx) {
    SafeForm form(op, ctx);
    not_null_steps(form, table, column, ctx);
    if (ctx.pg_version() >= k_not_null_not_valid_since) {
        return "add the NOT NULL constraint NOT VALID (no scan), then validate it after the commit (SHARE UPDATE "
               "EXCLUSIVE: reads and writes go on):\n" + form.text();
    }
    if (ctx.pg_version() < PgVersion{12, 0}) {
        return "PostgreSQL " + std::to_string(ctx.pg_version().major) +
               " always scans for SET NOT NULL: enforce the rule with a validated CHECK constraint instead, which never "
               "blocks reads and writes for long:\n" + form.text() +
               "\nor run the SET NOT NULL at a quiet time with a short lock_timeout";
    }
    return "prove it with a CHECK constraint first, validated after the commit (SHARE UPDATE EXCLUSIVE: reads and writes "
           "go on), so SET NOT NULL skips the scan:\n" + form.text();
}

}  // namespace miglint

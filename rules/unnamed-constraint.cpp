// A constraint or index created without a name, or an Alembic
// op.drop_constraint(None, ...): PostgreSQL generates the name (PostgreSQL
// manual, "CREATE TABLE": "If a constraint name is not specified, the system
// generates a name"; "CREATE INDEX": "If the name is omitted, PostgreSQL
// chooses a suitable name based on the parent table's name and the indexed
// column name(s)"), so later migrations must guess it. No lock is involved.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"
#include "toolkit/safe_form.hpp"

#include <algorithm>
#include <cctype>

namespace miglint::rules {
namespace {

std::string_view kind_name(ConstraintKind kind) {
    switch (kind) {
        case ConstraintKind::primary_key: return "primary key";
        case ConstraintKind::unique: return "unique constraint";
        case ConstraintKind::foreign_key: return "foreign key";
        case ConstraintKind::check: return "check constraint";
        case ConstraintKind::exclusion: return "exclusion constraint";
        case ConstraintKind::not_null: return "not-null constraint";
    }
    return "constraint";
}

// The names for a message: `a`, `b`.
std::string quoted_names(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto& name : names) out.push_back(quoted(name));
    return joined(out);
}

std::string check_text(const Constraint& c) { return c.check ? c.check->text : std::string("..."); }

// The constraint clause after `CONSTRAINT name`, inline (on a column) or table-level.
std::string sql_clause(const Constraint& c, bool inline_on_column) {
    const auto keys = inline_on_column ? std::string{} : " (" + ident_list(c.columns) + ")";
    switch (c.kind) {
        case ConstraintKind::primary_key: return "PRIMARY KEY" + keys;
        case ConstraintKind::unique: return "UNIQUE" + keys;
        case ConstraintKind::foreign_key:
            return (inline_on_column ? std::string{} : "FOREIGN KEY" + keys + " ") + references_sql(c);
        case ConstraintKind::exclusion: return "EXCLUDE ...";
        default: return "CHECK (" + check_text(c) + ")";
    }
}

// The SQLAlchemy schema item declaring `c` with `name`, for op.create_table / sa.Column.
std::string sqlalchemy_item(const Constraint& c, const std::string& name) {
    const auto named = "name=" + python_string(name) + ")";
    switch (c.kind) {
        case ConstraintKind::primary_key: return "sa.PrimaryKeyConstraint(" + python_strings(c.columns) + ", " + named;
        case ConstraintKind::unique: return "sa.UniqueConstraint(" + python_strings(c.columns) + ", " + named;
        case ConstraintKind::foreign_key: {
            std::vector<std::string> remote;
            for (const auto& r : c.referenced_columns) remote.push_back(sqlalchemy_column_path(c.referenced_table, r));
            return "sa.ForeignKeyConstraint([" + python_strings(c.columns) + "], [" + python_strings(remote) + "]" +
                   foreign_key_options_python(c) + ", " + named;
        }
        case ConstraintKind::exclusion: return "ExcludeConstraint(..., " + named;
        default: return "sa.CheckConstraint(" + python_string(check_text(c)) + ", " + named;
    }
}

// The Alembic op creating `c` on `table` with `name`.
std::string alembic_op(const QualifiedName& table, const Constraint& c, const std::string& name) {
    const auto schema = alembic_schema(table);
    const auto head = python_string(name) + ", " + python_string(table.name);
    switch (c.kind) {
        case ConstraintKind::primary_key:
            return "op.create_primary_key(" + head + ", [" + python_strings(c.columns) + "]" + schema + ")";
        case ConstraintKind::unique:
            return "op.create_unique_constraint(" + head + ", [" + python_strings(c.columns) + "]" + schema + ")";
        case ConstraintKind::foreign_key: return add_foreign_key_step(table, name, c, c.not_valid).alembic;
        case ConstraintKind::exclusion: return "op.create_exclude_constraint(" + head + ", ..." + schema + ")";
        default: return add_check_step(table, name, check_text(c), false).alembic;
    }
}

constexpr std::string_view k_convention_note =
    "\n(or give the models' MetaData a naming_convention, so autogenerate writes every name)";

// Where the constraint was declared, which decides how the help spells it.
enum class Declared { on_column, in_create_table, in_alter_table };

bool starts_constraint_clause(std::string_view text);

// The column's definition as written (type, NOT NULL, DEFAULT, REFERENCES ...
// and all), with `CONSTRAINT name ` put before `c`'s clause; empty when the
// source does not give it plainly.
std::string definition_naming(const Operation& op, const ColumnDef& column, const Constraint& c, const std::string& name,
                              const RuleContext& ctx) {
    const auto& source = *ctx.migration().source;
    if (!is_plain_sql(op, source) || column.span.begin < op.span.begin || c.span.begin <= column.span.begin ||
        c.span.begin >= op.span.end) {
        return {};
    }
    const std::string_view text = source.slice({column.span.begin, op.span.end});
    // The definition ends at the first comma or `)` outside parentheses, quotes and comments.
    std::size_t end = 0;
    for (int depth = 0; end < text.size(); ++end) {
        const char ch = text[end];
        if (ch == '\'' || ch == '"') {
            end = text.find(ch, end + 1);
            if (end == std::string_view::npos) return {};
        } else if (ch == '-' && end + 1 < text.size() && text[end + 1] == '-') {
            end = text.find('\n', end);
            if (end == std::string_view::npos) return {};
        } else if (ch == '(') {
            ++depth;
        } else if ((ch == ')' && depth-- == 0) || ((ch == ',' || ch == ';') && depth == 0)) {
            break;
        }
    }
    const auto at = c.span.begin - column.span.begin;
    if (at >= end || !starts_constraint_clause(text.substr(at))) return {};
    auto definition = std::string(text.substr(0, at)) + "CONSTRAINT " + quote_ident(name) + " " + std::string(text.substr(at, end - at));
    while (!definition.empty() && std::isspace(static_cast<unsigned char>(definition.back())) != 0) definition.pop_back();
    return definition;
}

std::string safe_way(const Operation& op, const QualifiedName& table, const Constraint& c, const ColumnDef* column,
                     Declared where, const RuleContext& ctx) {
    const auto name = generated_constraint_name(table, c);
    if (written_as_alembic_call(op, ctx)) {
        if (where == Declared::in_alter_table) return "name it:\n" + alembic_op(table, c, name) + std::string(k_convention_note);
        if (c.kind == ConstraintKind::foreign_key && column != nullptr) {
            const auto target = sqlalchemy_column_path(
                c.referenced_table, c.referenced_columns.empty() ? std::string_view{} : c.referenced_columns.front());
            return "name it:\nsa.ForeignKey(" + python_string(target) + foreign_key_options_python(c) + ", name=" +
                   python_string(name) + ")" +
                   std::string(k_convention_note);
        }
        return "declare it as a named item of the table instead:\n" + sqlalchemy_item(c, name) + std::string(k_convention_note);
    }
    const auto clause = "CONSTRAINT " + quote_ident(name) + " " + sql_clause(c, where == Declared::on_column);
    if (where == Declared::in_alter_table) {
        return "name it:\nALTER TABLE " + quote_qualified(table) + " ADD " + clause + (c.not_valid ? " NOT VALID" : "") + ";";
    }
    if (c.kind == ConstraintKind::exclusion) return "name it: write `CONSTRAINT " + quote_ident(name) + "` before `EXCLUDE`";
    if (column != nullptr) {
        if (const auto definition = definition_naming(op, *column, c, name, ctx); !definition.empty()) {
            return "name it in the column definition:\n" + definition;
        }
        return "name it: write `CONSTRAINT " + quote_ident(name) + "` before the constraint in the definition of column " +
               quoted(column->name);
    }
    return "name it:\n" + clause;
}

// The keywords an unnamed constraint clause starts with, where `CONSTRAINT name` goes.
bool starts_constraint_clause(std::string_view text) {
    std::string word;
    for (const char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c)) == 0) break;
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return word == "PRIMARY" || word == "UNIQUE" || word == "CHECK" || word == "FOREIGN" || word == "REFERENCES" ||
           word == "EXCLUDE";
}

// Names `c`: `CONSTRAINT <name> ` before its clause in a plain SQL file, or
// name= in the Alembic call declaring it; empty when its span does not start
// at the clause or call, or `name` is taken.
std::optional<Fix> name_constraint(const Operation& op, const QualifiedName& table, const Constraint& c,
                                   const RuleContext& ctx) {
    const auto& source = *ctx.migration().source;
    // The fix must give PostgreSQL's own name, so it is offered only where that name is known.
    const auto exact = exact_generated_name(op, table, c, ctx);
    if (!exact) return std::nullopt;
    const auto& name = *exact;
    if (written_as_alembic_call(op, ctx)) return name_alembic_constraint(source, c.span, name);
    if (!is_plain_sql(op, source)) return std::nullopt;
    if (c.span.begin < op.span.begin || c.span.begin >= op.span.end) return std::nullopt;
    // The front end may record only where the clause starts: read on to the statement's end.
    if (!starts_constraint_clause(source.slice({c.span.begin, op.span.end}))) return std::nullopt;
    return Fix{"name it " + name, {{{c.span.begin, c.span.begin}, "CONSTRAINT " + quote_ident(name) + " "}}};
}

void report_constraint(const Operation& op, const QualifiedName& table, const Constraint& c, const ColumnDef* column,
                       Declared where, const RuleContext& ctx, Reporter& out) {
    // NOT NULL is a column property, not a named constraint, in the PostgreSQL versions miglint targets.
    if (c.kind == ConstraintKind::not_null) return;
    // Named by the user: later migrations can refer to it.
    if (c.is_named()) return;
    // ADD ... USING INDEX without a name takes the index's (user-chosen) name.
    if (!c.using_index.empty()) return;
    // A table has one primary key and PostgreSQL names it `<table>_pkey`: later migrations
    // can spell that, unless the name is cut at 63 bytes or taken (then it becomes `_pkey1`).
    if (c.kind == ConstraintKind::primary_key) {
        const auto name = generated_constraint_name(table, c);
        if (name.size() <= k_max_identifier_bytes && name == table.name + "_pkey" && !is_constraint_name_taken(name, c, op, table, ctx)) {
            return;
        }
    }
    const auto on = c.columns.empty() ? std::string{} : " (" + quoted_names(c.columns) + ")";
    out.report(span_within(c.span, op), std::string(kind_name(c.kind)) + " on " + quoted(table) + on +
                                   " has no name, so PostgreSQL generates one that later migrations must guess and that "
                                   "can differ between databases")
        .help(safe_way(op, table, c, column, where, ctx))
        .fix(name_constraint(op, table, c, ctx));
}

void check_create_index(const Operation& op, const CreateIndex& index, const RuleContext& ctx, Reporter& out) {
    // Named by the user (or by Alembic's index=True convention `ix_<table>_<column>`).
    if (!index.name.empty()) return;
    // PostgreSQL's own name for it: an expression key by FigureIndexColname's name, and 1, 2, ...
    // after the label while the name is taken, as ChooseRelationName does.
    std::string name;
    for (int clash = 0; name.empty() || ctx.schema().index({index.table.schema, name}) != nullptr ||
                        ctx.schema().table({index.table.schema, name}) != nullptr;
         ++clash) {
        name = generated_index_name(index, clash);
    }
    auto named = index;
    named.name = name;
    const IndexForm form{.concurrently = index.concurrently, .if_not_exists = index.if_not_exists};
    auto help = "name it:\n" + SafeForm(op, ctx).run(create_index_step(named, form)).text();
    // The name goes after CREATE [UNIQUE] INDEX [CONCURRENTLY].
    std::optional<Fix> fix;
    if (const auto at = offset_after_keyword(op, *ctx.migration().source, index.concurrently ? "CONCURRENTLY" : "INDEX")) {
        fix = Fix{"name it " + name, {{{*at, *at}, " " + quote_ident(name)}}};
    }
    out.report(op.span, "index on " + quoted(index.table) + " (" + quoted_names(index.columns) +
                            ") has no name, so PostgreSQL generates one that later migrations must guess and that can "
                            "differ between databases")
        .help(std::move(help))
        .fix(std::move(fix));
}

// The names PostgreSQL generated for the unnamed constraints the history recorded on `table`.
std::vector<std::pair<std::string, ConstraintKind>> generated_names(const QualifiedName& table, const RuleContext& ctx) {
    std::vector<std::pair<std::string, ConstraintKind>> names;
    const auto* state = ctx.schema().table(table);
    if (state == nullptr) return names;
    for (const auto& c : state->constraints) {
        if (!c.name.empty() || c.kind == ConstraintKind::not_null) continue;
        Constraint as_declared;
        as_declared.kind = c.kind;
        as_declared.columns = c.columns;
        names.emplace_back(generated_constraint_name(table, as_declared), c.kind);
    }
    return names;
}

std::string_view alembic_type(ConstraintKind kind) {
    switch (kind) {
        case ConstraintKind::primary_key: return "primary";
        case ConstraintKind::unique: return "unique";
        case ConstraintKind::foreign_key: return "foreignkey";
        default: return "check";
    }
}

void check_drop_constraint(const Operation& op, const DropConstraint& drop, const RuleContext& ctx, Reporter& out) {
    // A named drop says what it drops.
    if (!drop.name.empty()) return;
    const auto schema = alembic_schema(drop.table);
    std::string help = "name the constraint to drop, as PostgreSQL named it (see `\\d " + quote_qualified(drop.table) + "`):";
    const auto candidates = generated_names(drop.table, ctx);
    for (const auto& [name, kind] : candidates) {
        help += "\nop.drop_constraint(" + python_string(name) + ", " + python_string(drop.table.name) + ", type_=\"" +
                std::string(alembic_type(kind)) + "\"" + schema + ")";
    }
    if (candidates.empty()) {
        help += "\nop.drop_constraint(" + python_string(drop.table.name + "_<columns>_key") + ", " + python_string(drop.table.name) +
                ", type_=\"unique\"" + schema + ")";
    }
    out.report(op.span, "dropping a constraint of " + quoted(drop.table) +
                            " without its name fails, because SQLAlchemy cannot emit DROP CONSTRAINT for a constraint "
                            "with no name")
        .help(std::move(help));
}

void check(const Operation& op, const RuleContext& ctx, Reporter& out) {
    if (const auto* create = op.get<CreateTable>()) {
        // A temporary table and its constraints vanish with the session: no later migration refers to them.
        if (create->temporary) return;
        for (const auto& column : create->columns) {
            for (const auto& c : column.constraints) report_constraint(op, create->table, c, &column, Declared::on_column, ctx, out);
        }
        for (const auto& c : create->constraints) report_constraint(op, create->table, c, nullptr, Declared::in_create_table, ctx, out);
    } else if (const auto* add = op.get<AddColumn>()) {
        for (const auto& c : add->column.constraints) report_constraint(op, add->table, c, &add->column, Declared::on_column, ctx, out);
    } else if (const auto* constraint = op.get<AddConstraint>()) {
        report_constraint(op, constraint->table, constraint->constraint, nullptr, Declared::in_alter_table, ctx, out);
    } else if (const auto* index = op.get<CreateIndex>()) {
        check_create_index(op, *index, ctx, out);
    } else {
        check_drop_constraint(op, op.as<DropConstraint>(), ctx, out);
    }
}

}  // namespace

const Rule& unnamed_constraint() {
    static const Rule rule{
        .id = "unnamed-constraint",
        .summary = "A constraint or index created without a name gets one generated by PostgreSQL that later migrations must guess.",
        .default_severity = Severity::warning,
        .lock = "",
        .blocks = "",
        .fix = FixAvailability::sometimes,  // SQL: CONSTRAINT <name> or the index's name; Alembic: name=
        .fix_safety = FixSafety::safe,
        .fix_does = "names the constraint or index exactly as PostgreSQL would have named it, so the schema stays the same",
        .applies_to = {OpKind::create_table, OpKind::add_column, OpKind::add_constraint, OpKind::create_index,
                       OpKind::drop_constraint},
        .check = &check,
        .tags = {"maintainability", "alembic"},
    };
    return rule;
}

}  // namespace miglint::rules

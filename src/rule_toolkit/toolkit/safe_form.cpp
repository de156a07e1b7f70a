#include "toolkit/safe_form.hpp"

#include <miglint/sql_names.hpp>

#include "schema/predicates.hpp"

namespace miglint {
namespace {

std::string alter_table(const QualifiedName& table) { return "ALTER TABLE " + quote_qualified(table); }

// SQLAlchemy's spelling of the common built-in types.
std::string sqlalchemy_type_name(const TypeRef& type) {
    if (type.array_dimensions != 0) return {};
    const auto& n = type.name;
    if (n == "int4") return "sa.Integer()";
    if (n == "int8") return "sa.BigInteger()";
    if (n == "int2") return "sa.SmallInteger()";
    if (n == "text") return "sa.Text()";
    if (n == "bool") return "sa.Boolean()";
    if (n == "varchar") return type.modifiers.empty() ? "sa.String()" : "sa.String(" + std::to_string(type.modifiers[0]) + ")";
    if (n == "timestamptz") return "sa.DateTime(timezone=True)";
    if (n == "timestamp") return "sa.DateTime()";
    if (n == "date") return "sa.Date()";
    if (n == "uuid") return "sa.Uuid()";
    if (n == "jsonb") return "postgresql.JSONB()";
    return {};
}

// Up to k_batch_rows rows of `table` that `where` selects, by ctid.
std::string batch_of(const std::string& table, std::string_view where) {
    return "ctid = ANY (ARRAY(SELECT ctid FROM " + table + (where.empty() ? "" : " WHERE " + std::string(where)) +
           " LIMIT " + std::to_string(k_batch_rows) + "))";
}

}  // namespace

std::string batch_update(const QualifiedName& table, std::string_view assignments, std::string_view where) {
    const auto name = quote_qualified(table);
    return "UPDATE " + name + " SET " + std::string(assignments) + " WHERE " + batch_of(name, where);
}

std::string batch_delete(const QualifiedName& table, std::string_view where) {
    const auto name = quote_qualified(table);
    return "DELETE FROM " + name + " WHERE " + batch_of(name, where);
}

TypeSpelling type_spelling(const TypeRef* type, bool written_in_sqlalchemy, const std::string& placeholder) {
    if (type == nullptr || type->empty()) return {placeholder, placeholder};
    auto sqlalchemy = written_in_sqlalchemy && !type->written.empty() ? type->written : sqlalchemy_type_name(*type);
    return {sql_type_name(*type), sqlalchemy.empty() ? placeholder : sqlalchemy};
}

Step add_column_step(const QualifiedName& table, const NewColumn& column) {
    const auto& expression = column.default_expression;
    return {alter_table(table) + " ADD COLUMN " + quote_ident(column.name) + " " + column.type.sql +
                (column.not_null ? " NOT NULL" : "") + (expression.empty() ? std::string() : " DEFAULT " + expression),
            "op.add_column(" + python_string(table.name) + ", sa.Column(" + python_string(column.name) + ", " +
                column.type.sqlalchemy + (column.nullable ? ", nullable=True" : "") +
                (column.not_null ? ", nullable=False" : "") +
                (expression.empty() ? std::string() : ", server_default=sa.text(" + python_string(expression) + ")") + ")" +
                alembic_schema(table) + ")"};
}

Step as_written(const Operation& op, const RuleContext& ctx) {
    auto text = std::string(ctx.migration().source->slice(op.span));
    // An Alembic op.* call has no SQL of its own to print.
    if (op.from_sql_string || !ctx.is_alembic()) return {std::move(text), {}};
    // A batch_op call runs when its block exits, wherever it is moved to; its op.* call runs where it stands.
    if (op.outside_batch && !op.outside_batch->empty()) return {{}, *op.outside_batch};
    return {{}, std::move(text)};
}

Step drop_column_step(const QualifiedName& table, const std::string& column) {
    return {alter_table(table) + " DROP COLUMN " + quote_ident(column),
            "op.drop_column(" + python_string(table.name) + ", " + python_string(column) + alembic_schema(table) + ")"};
}

Step rename_column_step(const QualifiedName& table, const std::string& column, const std::string& new_name) {
    return {alter_table(table) + " RENAME COLUMN " + quote_ident(column) + " TO " + quote_ident(new_name),
            "op.alter_column(" + python_string(table.name) + ", " + python_string(column) +
                ", new_column_name=" + python_string(new_name) + alembic_schema(table) + ")"};
}

Step set_not_null_step(const QualifiedName& table, const std::string& column, bool not_null) {
    return {alter_table(table) + " ALTER COLUMN " + quote_ident(column) + (not_null ? " SET NOT NULL" : " DROP NOT NULL"),
            "op.alter_column(" + python_string(table.name) + ", " + python_string(column) +
                (not_null ? ", nullable=False" : ", nullable=True") + alembic_schema(table) + ")"};
}

Step drop_table_step(const QualifiedName& table) {
    return {"DROP TABLE " + quote_qualified(table), "op.drop_table(" + python_string(table.name) + alembic_schema(table) + ")"};
}

Step rename_table_step(const QualifiedName& table, const std::string& new_name) {
    return {alter_table(table) + " RENAME TO " + quote_ident(new_name),
            "op.rename_table(" + python_string(table.name) + ", " + python_string(new_name) + alembic_schema(table) + ")"};
}

Step create_index_step(const CreateIndex& index, IndexForm form) {
    auto sql = create_index_sql(index, form);
    sql.pop_back();  // create_index_sql ends the statement
    return {std::move(sql), create_index_alembic(index, form)};
}

Step drop_index_step(const DropIndex& drop, bool concurrently) {
    auto sql = drop_index_sql(drop, concurrently);
    sql.pop_back();
    return {std::move(sql), drop_index_alembic(drop, concurrently)};
}

Step add_check_step(const QualifiedName& table, const std::string& name, const std::string& condition, bool not_valid) {
    return {alter_table(table) + " ADD CONSTRAINT " + quote_ident(name) + " CHECK (" + condition + ")" +
                (not_valid ? " NOT VALID" : ""),
            "op.create_check_constraint(" + python_string(name) + ", " + python_string(table.name) + ", " +
                python_string(condition) + alembic_schema(table) + (not_valid ? ", postgresql_not_valid=True" : "") + ")"};
}

std::string foreign_key_options_sql(const Constraint& key) {
    std::string out;
    if (!key.match.empty()) out += " MATCH " + key.match;
    if (!key.on_delete.empty()) out += " ON DELETE " + key.on_delete;
    if (!key.on_update.empty()) out += " ON UPDATE " + key.on_update;
    if (key.deferrable) out += " DEFERRABLE";
    if (key.initially_deferred) out += " INITIALLY DEFERRED";
    return out;
}

std::string foreign_key_options_python(const Constraint& key) {
    std::string out;
    if (!key.on_delete.empty()) out += ", ondelete=" + python_string(key.on_delete);
    if (!key.on_update.empty()) out += ", onupdate=" + python_string(key.on_update);
    if (key.deferrable) out += ", deferrable=True";
    if (key.initially_deferred) out += ", initially=\"DEFERRED\"";
    if (!key.match.empty()) out += ", match=" + python_string(key.match);
    return out;
}

std::string references_sql(const Constraint& key) {
    return "REFERENCES " + quote_qualified(key.referenced_table) +
           (key.referenced_columns.empty() ? std::string() : " (" + ident_list(key.referenced_columns) + ")") +
           foreign_key_options_sql(key);
}

Step add_foreign_key_step(const QualifiedName& table, const std::string& name, const Constraint& key, bool not_valid) {
    const auto& target = key.referenced_table;
    return {alter_table(table) + " ADD CONSTRAINT " + quote_ident(name) + " FOREIGN KEY (" + ident_list(key.columns) + ") " +
                references_sql(key) + (not_valid ? " NOT VALID" : ""),
            "op.create_foreign_key(" + python_string(name) + ", " + python_string(table.name) + ", " +
                python_string(target.name) + ", [" + python_strings(key.columns) + "], [" +
                python_strings(key.referenced_columns) + "]" + foreign_key_options_python(key) +
                (table.schema.empty() ? std::string() : ", source_schema=" + python_string(table.schema)) +
                (target.schema.empty() ? std::string() : ", referent_schema=" + python_string(target.schema)) +
                (not_valid ? ", postgresql_not_valid=True" : "") + ")"};
}

Step drop_constraint_step(const QualifiedName& table, const std::string& name, std::string_view type) {
    return {alter_table(table) + " DROP CONSTRAINT " + quote_ident(name),
            "op.drop_constraint(" + python_string(name) + ", " + python_string(table.name) + ", type_=" +
                python_string(type) + alembic_schema(table) + ")"};
}

Step set_default_step(const QualifiedName& table, const std::string& column, const std::string& expression) {
    return {alter_table(table) + " ALTER COLUMN " + quote_ident(column) + " SET DEFAULT " + expression,
            "op.alter_column(" + python_string(table.name) + ", " + python_string(column) + ", server_default=sa.text(" +
                python_string(expression) + ")" + alembic_schema(table) + ")"};
}

SafeForm::SafeForm(const Operation& op, const RuleContext& ctx)
    : language_(help_language(op, ctx)), in_transaction_(op.in_transaction == InTransaction::yes) {}

std::string alembic_call(const Step& step, HelpLanguage language) {
    // A step that is only an op.* call (as_written of one) stays one in any Alembic language.
    if (!step.alembic.empty() && (language == HelpLanguage::alembic || step.sql.empty())) return step.alembic;
    return alembic_execute(step.sql);
}

std::string SafeForm::call(const Step& step) const { return alembic_call(step, language_); }

void SafeForm::add(std::string line, bool outside_transaction) {
    if (alembic() && outside_transaction) {
        outside_.push_back(std::move(line));
        return;
    }
    close_block();
    lines_.push_back(std::move(line));
}

void SafeForm::close_block() {
    if (outside_.empty()) return;
    lines_.push_back(in_autocommit_block(joined(outside_, "\n")));
    outside_.clear();
}

SafeForm& SafeForm::run(const Step& step, std::string_view comment) {
    auto line = alembic() ? call(step) : step.sql + ";";
    if (!comment.empty()) line += std::string(alembic() ? "  # " : "  -- ") + std::string(comment);
    add(std::move(line), false);
    return *this;
}

SafeForm& SafeForm::run_outside_transaction(const Step& step) {
    add(alembic() ? call(step) : step.sql + ";", true);
    return *this;
}

SafeForm& SafeForm::run_together(const std::vector<Step>& steps) {
    const bool wrap = !alembic() && !in_transaction_;
    if (wrap) add("BEGIN;", false);
    for (const auto& step : steps) run(step);
    if (wrap) add("COMMIT;", false);
    return *this;
}

SafeForm& SafeForm::repeat_in_batches(std::string sql) {
    const auto full = std::to_string(k_batch_rows);
    if (!alembic()) {
        add(sql + ";  -- repeat, each batch in its own transaction, until it changes fewer than " + full + " rows", false);
        return *this;
    }
    add("conn = op.get_bind()\nwhile conn.execute(sa.text(" + python_string(sql) + ")).rowcount >= " + full + ":\n    pass", true);
    return *this;
}

SafeForm& SafeForm::note(std::string_view text) {
    add(std::string(alembic() ? "# " : "-- ") + std::string(text), false);
    return *this;
}

SafeForm& SafeForm::commit() {
    if (!alembic()) add("-- commit, then:", false);
    return *this;
}

std::string SafeForm::text() const {
    auto lines = lines_;
    if (!outside_.empty()) lines.push_back(in_autocommit_block(joined(outside_, "\n")));
    return joined(lines, "\n");
}

const UnitWords& unit_words(const RuleContext& ctx) {
    static constexpr UnitWords k_sql{"migration", "at the top of the migration", "the migration runner",
                                     "in a migration the runner does not wrap in a transaction", ""};
    static constexpr UnitWords k_alembic{"revision", "first in upgrade()", "the migration runner (env.py)",
                                         "inside `with op.get_context().autocommit_block():`", " (remove it from the SQLAlchemy model)"};
    return ctx.is_alembic() ? k_alembic : k_sql;
}

std::string suppression_comment(const RuleContext& ctx, std::string_view rule) {
    if (ctx.is_alembic()) return "# miglint: ignore[" + std::string(rule) + "]";
    return "-- miglint: ignore " + std::string(rule);
}

}  // namespace miglint

#include "toolkit/safe_form.hpp"

#include <miglint/sql_names.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <cctype>

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

// `ctid = ANY (ARRAY(SELECT ctid FROM from WHERE where AND stop LIMIT k_batch_rows))`:
// the rows one batch changes, `where` and `stop` left out when empty.
std::string batch_rows(const std::string& ref, const std::string& from, const std::string& where, const std::string& stop) {
    const auto condition = where.empty() || stop.empty() ? where + stop : "(" + where + ") AND " + stop;
    return ref + "ctid = ANY (ARRAY(SELECT " + ref + "ctid FROM " + from + (condition.empty() ? "" : " WHERE " + condition) +
           " LIMIT " + std::to_string(k_batch_rows) + "))";
}

// `sql` for sa.text(), which reads `:name` as a bind parameter: such colons
// escaped (`\\:`), as SQLAlchemy's own pattern finds them (not after a colon,
// a word character or a backslash, not before a colon: `::int` is a cast).
std::string text_clause_sql(std::string_view sql) {
    const auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        if (sql[i] == ':' && (i == 0 || (sql[i - 1] != ':' && sql[i - 1] != '\\' && !is_word(sql[i - 1])))) {
            std::size_t j = i + 1;
            while (j < sql.size() && is_word(sql[j])) ++j;
            if (j > i + 1 && (j == sql.size() || sql[j] != ':')) out += '\\';
        }
        out += sql[i];
    }
    return out;
}

// `text` (SQL a front end read at `span` of the file) as the file writes it:
// the file's own bytes where they are as many (a template's {{ ... }} that
// the front end read as blanks stays as written), else the SQL: escapes in a
// Python string and doubled quotes in a quoted EXECUTE string spell it longer.
std::string as_in_file(const std::string& text, Span span, const RuleContext& ctx) {
    const auto written = ctx.migration().source->slice(span);
    return written.size() == text.size() ? std::string(written) : text;
}

std::string as_in_file(const WrittenPart& part, const RuleContext& ctx) { return as_in_file(part.text, part.span, ctx); }

// True when `expression` is one token or one function call, which needs no
// parentheses beside IS DISTINCT FROM.
bool is_single_term(std::string_view expression) {
    if (expression.empty()) return false;
    const auto plain = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; };
    std::size_t i = 0;
    // Words, dots and quoted names: a name (t."customerId"), a number, a keyword.
    while (i < expression.size() && (plain(expression[i]) || expression[i] == '"')) {
        if (expression[i] == '"') {
            const auto close = expression.find('"', i + 1);
            if (close == std::string_view::npos) return false;
            i = close;
        }
        ++i;
    }
    if (i == expression.size()) return true;
    if (i == 0 && expression.front() == '\'' && expression.back() == '\'' && expression.size() >= 2) {
        // One string literal: no quote inside but doubled ones.
        for (std::size_t k = 1; k + 1 < expression.size(); ++k) {
            if (expression[k] != '\'') continue;
            if (expression[k + 1] != '\'' || k + 2 == expression.size()) return false;
            ++k;
        }
        return true;
    }
    if (i == 0 || expression[i] != '(' || expression.back() != ')') return false;
    // name(...): the parenthesis after the name closes at the end.
    int depth = 0;
    for (std::size_t k = i; k < expression.size(); ++k) {
        if (expression[k] == '\'') {
            for (++k; k < expression.size() && expression[k] != '\''; ++k) {}
            continue;
        }
        if (expression[k] == '(') ++depth;
        if (expression[k] == ')' && --depth == 0) return k + 1 == expression.size();
    }
    return false;
}

// True when storing a value in a column of `type` can change it (rounding to
// the scale or precision, padding), so the stored value may never equal the
// expression that gave it: numeric(p, s), integers, real, char(n), times with a precision.
bool assignment_may_round(const TypeRef& type, std::string_view expression) {
    const auto& n = type.name;
    const bool integer_literal =
        !expression.empty() && std::all_of(expression.begin(), expression.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (n == "int2" || n == "int4" || n == "int8") return !integer_literal;
    if (n == "float4" || n == "bpchar") return true;
    return !type.modifiers.empty() && (n == "numeric" || n == "timestamp" || n == "timestamptz" || n == "time" ||
                                       n == "timetz" || n == "interval");
}

// A value the batches compare with what a column holds: the expression as
// the column stores it (cast where storing rounds it), and the column.
struct Compared {
    std::string column;
    std::string value;
};

Compared compared(const std::string& column, const std::string& value, const TypeRef* type) {
    if (type != nullptr && !type->empty() && type->array_dimensions == 0) {
        // json and xml have no equality: their text is compared.
        if (type->name == "json" || type->name == "xml") return {column + "::text", "CAST(" + value + " AS " + type->name + ")::text"};
        if (assignment_may_round(*type, value)) return {column, "CAST(" + value + " AS " + sql_type_name(*type) + ")"};
    }
    return {column, value};
}

// What earlier statements of this migration did to `column` of `table`: the
// definition it was added with, and whether an UPDATE set it since.
struct EarlierHere {
    const ColumnDef* added = nullptr;
    bool set_since = false;
};

EarlierHere earlier_here(const QualifiedName& table, const std::string& column, const RuleContext& ctx) {
    EarlierHere out;
    const auto key = SchemaState::key(table);
    const auto& ops = ctx.operations();
    for (std::size_t i = 0; i < ctx.position() && i < ops.size(); ++i) {
        if (const auto* add = ops[i].get<AddColumn>(); add != nullptr && add->column.name == column && SchemaState::key(add->table) == key) {
            out = {&add->column, false};
        } else if (const auto* change = ops[i].get<DataChange>(); change != nullptr && SchemaState::key(change->table) == key) {
            const auto& set = change->columns_set;
            out.set_since = out.set_since || std::find(set.begin(), set.end(), column) != set.end();
        }
    }
    return out;
}

// True when `column` was added without a value: NULL in every row.
bool is_added_empty(const ColumnDef& column) {
    return !column.not_null && (!column.default_value || column.default_value->is_null_constant) &&
           column.generated == Generated::none && column.identity == Identity::none && !column.is_serial;
}

// The condition that leaves out the rows an UPDATE already changed, or empty
// when its WHERE does; `note` gets what the user must still write.
std::string update_stop(const Operation& op, const std::string& ref, const RuleContext& ctx, std::string& note) {
    const auto& change = op.as<DataChange>();
    const auto& written = *change.written;
    const auto value_of = [&](const Assignment& a) { return as_in_file(a.value.text, a.value.span, ctx); };
    const auto* table = ctx.schema().table(change.table);
    // The column's type: as the history created it, or as this migration adds it.
    const auto type_of = [&](const std::string& name) -> const TypeRef* {
        if (const auto* state = table != nullptr ? table->column(name) : nullptr) return &state->type;
        const auto* added = earlier_here(change.table, name, ctx).added;
        return added != nullptr ? &added->type : nullptr;
    };
    // The name the statement gives the table it updates (its alias, if any).
    const auto& own = written.alias.empty() ? change.table.name : written.alias;
    const auto reads_a_column_set = [&](const Expression& value) {
        return std::any_of(value.columns.begin(), value.columns.end(), [&](const std::string& read) {
            const auto dot = read.rfind('.');
            const auto name = dot == std::string::npos ? read : read.substr(dot + 1);
            // c.region, of another table in FROM, is not this table's region.
            if (dot != std::string::npos && read.substr(0, dot) != own) return false;
            return std::any_of(written.assignments.begin(), written.assignments.end(),
                               [&](const Assignment& a) { return a.column == name; });
        });
    };
    const auto& assignments = written.assignments;
    // Each batch commits before the next, so a value must be the same in every transaction.
    const bool repeatable = !assignments.empty() && std::all_of(assignments.begin(), assignments.end(), [&](const Assignment& a) {
        return !a.value.text.empty() && default_volatility(a.value, ctx) != Volatility::volatile_ && !a.value.reads_clock &&
               !reads_a_column_set(a.value);
    });
    if (repeatable) {
        std::vector<std::string> columns;
        std::vector<std::string> values;
        for (const auto& a : assignments) {
            auto c = compared(ref + quote_ident(a.column), value_of(a), type_of(a.column));
            columns.push_back(std::move(c.column));
            values.push_back(std::move(c.value));
        }
        if (columns.size() == 1) {
            return columns.front() + " IS DISTINCT FROM " + (is_single_term(values.front()) ? values.front() : "(" + values.front() + ")");
        }
        return "(" + joined(columns) + ") IS DISTINCT FROM (" + joined(values) + ")";
    }
    // A column NULL in every row still to do and given a value that is not NULL.
    for (const auto& a : assignments) {
        if (a.value.text.empty() || a.value.is_null_constant) continue;
        const bool in_where = std::find(written.null_in_where.begin(), written.null_in_where.end(), a.column) != written.null_in_where.end();
        // Added by this migration without a value, and set by no UPDATE since: NULL in every row.
        const auto earlier = earlier_here(change.table, a.column, ctx);
        const bool new_column = earlier.added != nullptr && is_added_empty(*earlier.added) && !earlier.set_since;
        if (!in_where && !new_column) continue;
        std::vector<std::string> parts;
        if (!in_where) parts.push_back(ref + quote_ident(a.column) + " IS NULL");
        // A value read from columns or a subquery may be NULL, and such a row would stay to do for ever.
        if (!a.value.columns.empty() || a.value.has_subquery) {
            const auto value = value_of(a);
            parts.push_back((is_single_term(value) ? value : "(" + value + ")") + " IS NOT NULL");
        }
        return joined(parts, " AND ");
    }
    note = "<rows not yet updated> must match no row once a batch has updated it, or the loop never ends: the new "
           "values change in each batch or read the columns they set, so they cannot tell";
    if (table != nullptr) {
        for (const auto& c : table->constraints) {
            if (c.kind != ConstraintKind::primary_key || c.columns.empty()) continue;
            std::vector<std::string> keys;
            for (const auto& k : c.columns) keys.push_back(quote_ident(k));
            note += "; or run it over ranges of the primary key (" + joined(keys) + ") instead";
        }
    }
    return "<rows not yet updated>";
}

// The statement with its SQL unknown (a SQLAlchemy Core statement): the parts the user must write in.
BatchedChange batched_placeholder(const DataChange& change) {
    const auto table = quote_qualified(change.table);
    const auto where = change.has_where ? std::string("<the statement's WHERE condition>") : std::string();
    if (change.kind == DataChange::Kind::delete_) {
        return {"DELETE FROM " + table + " WHERE " + batch_rows("", table, where, {}),
                change.has_where ? "write the statement's own WHERE condition in <the statement's WHERE condition>" : ""};
    }
    std::vector<std::string> sets;
    for (const auto& column : change.columns_set) sets.push_back(quote_ident(column) + " = <value>");
    if (sets.empty()) sets.emplace_back("<column> = <value>");
    return {"UPDATE " + table + " SET " + joined(sets) + " WHERE " + batch_rows("", table, where, "<rows not yet updated>"),
            "write the statement's values and WHERE in the <...>; <rows not yet updated> must match no row once a "
            "batch has updated it, or the loop never ends"};
}

}  // namespace

BatchedChange batched_change(const Operation& op, const RuleContext& ctx) {
    const auto& change = op.as<DataChange>();
    if (!change.written) return batched_placeholder(change);
    const auto& written = *change.written;
    // The WITH queries are SELECTs, visible in the batch's own SELECT too.
    const auto with = written.with.empty() ? std::string() : as_in_file(written.with, ctx) + " ";
    const auto relation = as_in_file(written.relation, ctx);
    const auto others = as_in_file(written.from, ctx);
    const auto where = as_in_file(written.where, ctx);
    const auto target = std::string(written.only ? "ONLY " : "") + relation +
                        (written.alias.empty() ? std::string() : " AS " + quote_ident(written.alias));
    // With FROM or USING, ctid names a column of each table: the target's is meant.
    const auto ref = others.empty() ? std::string() : (written.alias.empty() ? relation : quote_ident(written.alias)) + ".";
    const auto from = others.empty() ? target : target + ", " + others;
    // The WHERE selects each batch's rows; with FROM or USING it also joins
    // the other tables in the statement itself, which reads them.
    const auto joins = others.empty() || where.empty() ? std::string() : "(" + where + ") AND ";
    BatchedChange out;
    if (change.kind == DataChange::Kind::delete_) {
        // Every batch deletes the rows it finds, so the repetition ends.
        out.sql = with + "DELETE FROM " + target + (others.empty() ? "" : " USING " + others) + " WHERE " + joins +
                  batch_rows(ref, from, where, {});
        return out;
    }
    const auto stop = update_stop(op, ref, ctx, out.note);
    out.sql = with + "UPDATE " + target + " SET " + as_in_file(written.set, ctx) + (others.empty() ? "" : " FROM " + others) +
              " WHERE " + joins + batch_rows(ref, from, where, stop);
    return out;
}

std::string batch_update(const QualifiedName& table, std::string_view assignments, std::string_view where) {
    const auto name = quote_qualified(table);
    return "UPDATE " + name + " SET " + std::string(assignments) + " WHERE " + batch_rows("", name, std::string(where), {});
}

std::string batch_delete(const QualifiedName& table, std::string_view where) {
    const auto name = quote_qualified(table);
    return "DELETE FROM " + name + " WHERE " + batch_rows("", name, std::string(where), {});
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
    add("conn = op.get_bind()\nwhile conn.execute(sa.text(" + python_string(text_clause_sql(sql)) + ")).rowcount >= " + full +
            ":\n    pass",
        true);
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

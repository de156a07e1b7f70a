// Literals and calls written into help and fix text: SQL strings, Python
// strings, and the Alembic calls that run SQL. Every printer of the rule
// toolkit writes through these, so escaping is decided in one place.
#pragma once

#include <miglint/rule.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

// `value` as an SQL string literal: 'it''s'.
std::string sql_string(std::string_view value);

// `text` as a double-quoted Python string literal; `"`, `\` and control
// characters escaped, so SQL spanning lines stays one valid literal.
std::string python_string(std::string_view text);

// The Alembic call that runs `sql` (no trailing semicolon) as written: op.execute("...").
std::string alembic_execute(std::string_view sql);

// `code` (one or more lines of Alembic calls) inside
// `with op.get_context().autocommit_block():`, each line indented one level.
std::string in_autocommit_block(std::string_view code);

// The Alembic lines that run `sql` outside the migration's transaction.
std::string alembic_autocommit_execute(std::string_view sql);

// True when the Alembic call at `call` in `source` passes no keyword
// argument but those in `allowed` (written with their `=`, or whole, as
// "nullable=True") and holds no comment: a fix that rewrites the call then
// keeps everything it says.
bool passes_only(const SourceText& source, Span call, std::initializer_list<std::string_view> allowed);

// `items` joined by `separator`: "a, b, c".
std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ");

// `names` each as quote_ident writes it, joined by ", ": id, "customerId".
std::string ident_list(const std::vector<std::string>& names);

// `items` each as a Python string, joined by ", ": "id", "customerId".
std::string python_strings(const std::vector<std::string>& items);

// The schema keyword an Alembic op.* call takes for `name`: `, schema="billing"`,
// or nothing when the name is unqualified.
std::string alembic_schema(const QualifiedName& name);

// A column as SQLAlchemy's sa.ForeignKey names it: "schema.table.column", or
// "schema.table" when `column` is empty. Bare names joined by dots, not SQL:
// SQLAlchemy quotes each part itself.
std::string sqlalchemy_column_path(const QualifiedName& table, std::string_view column);

// pg_repack's option naming `table`: ` --table name`. pg_repack reads the name as
// a regclass, so it is written as quote_qualified writes it, single-quoted for
// the shell when a part needed double quotes: ` --table '"Subscription"'`.
std::string repack_table_option(const QualifiedName& table);

// The language help and fixes for `op` are written in.
enum class HelpLanguage {
    sql,               // a SQL migration file
    alembic,           // an Alembic op.* call: answer with op.* calls
    alembic_sql_call,  // SQL inside op.execute(...) in an Alembic revision: answer with op.execute(SQL)
};
HelpLanguage help_language(const Operation& op, const RuleContext& ctx);

// True when `op` came from an Alembic op.* call, not from SQL: SQLAlchemy
// decided its names and types, and a fix edits the call's arguments.
bool written_as_alembic_call(const Operation& op, const RuleContext& ctx);

}  // namespace miglint

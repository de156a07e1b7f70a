// Facts several rules ask about an operation or its context. Kept here so no
// rule copies another's reasoning.
#pragma once

#include <miglint/rule.hpp>

#include <optional>
#include <string>

namespace miglint {

// `name` in backticks for messages.
std::string quoted(const std::string& name);
std::string quoted(const QualifiedName& name);

// `value` as an SQL string literal: 'it''s'.
std::string sql_string(std::string_view value);

// The Alembic call that runs `sql` (no trailing semicolon) as written:
// op.execute("...") with `"` and `\` escaped for Python.
std::string alembic_execute(std::string_view sql);

// The Alembic lines that run `sql` outside the migration's transaction:
// `with op.get_context().autocommit_block():` and the indented op.execute(...).
std::string alembic_autocommit_execute(std::string_view sql);

// True when `table` exists before this migration as far as miglint can tell:
// not created earlier in this migration. Tables the history never mentions
// count as existing, since they predate the migrations miglint sees.
bool is_existing_table(const RuleContext& ctx, const QualifiedName& table);

// The size note for messages: " (about 12,000,000 rows)" for known-large tables, or "".
std::string size_note(const RuleContext& ctx, const QualifiedName& table);

// The severity for a lock finding: escalated to error on a known-large table.
Severity lock_severity(const RuleContext& ctx, const QualifiedName& table, Severity base);

// Where to insert a keyword after the first occurrence of `after` (a keyword,
// case-insensitive, outside quotes) in the statement at `span`; empty when the
// source text is not plain SQL there (an Alembic string with escapes).
std::optional<std::uint32_t> offset_after_keyword(const Operation& op, const SourceText& source, std::string_view after);

}  // namespace miglint

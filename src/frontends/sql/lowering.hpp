// Lowering of one parsed statement into operations (internal to the SQL front end).
#pragma once

#include "sql/pg_tree.hpp"

#include <miglint/operation.hpp>

#include <vector>

namespace miglint::sql {

class LowerContext {
public:
    LowerContext(const StatementText& text, std::uint32_t statement, std::vector<Operation>& out)
        : m_text(&text), m_statement(statement), m_out(&out) {}

    [[nodiscard]] const StatementText& text() const { return *m_text; }
    // Appends an operation spanning the whole statement.
    void add(OperationData data) { add(std::move(data), m_text->span); }
    void add(OperationData data, Span span);

private:
    const StatementText* m_text;
    std::uint32_t m_statement;
    std::vector<Operation>* m_out;
};

void lower_statement(const Node* statement, LowerContext& ctx);

// Tables: CREATE TABLE, ALTER TABLE and its subcommands.
void lower_create_table(const PgQuery__CreateStmt& create, LowerContext& ctx);
void lower_alter_table(const PgQuery__AlterTableStmt& alter, LowerContext& ctx);
// An ALTER TABLE subcommand with no operation of its own, with its lock; empty for one not known.
std::optional<AlterTableForm> alter_table_form(const QualifiedName& table, const PgQuery__AlterTableCmd& cmd);
ColumnDef column_def(const PgQuery__ColumnDef& def, const StatementText& text);
Constraint constraint(const PgQuery__Constraint& c, const StatementText& text);

// Everything else: indexes, drops, renames, types, transactions, settings, data.
void lower_index(const PgQuery__IndexStmt& index, LowerContext& ctx);
void lower_drop(const PgQuery__DropStmt& drop, LowerContext& ctx);
void lower_rename(const PgQuery__RenameStmt& rename, LowerContext& ctx);
void lower_select(const PgQuery__SelectStmt& select, LowerContext& ctx);

}  // namespace miglint::sql

// One migration file as the front ends deliver it: metadata and the ordered
// upgrade and downgrade operations, each with its exact span.
#pragma once

#include <miglint/operation.hpp>
#include <miglint/source.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace miglint {

enum class FileKind { sql, alembic_revision, other };

// How the migration runner wraps a file: Alembic and Flyway run each file in a
// transaction; plain psql-style files run statement by statement.
enum class RunnerTransaction { none, per_file };

// Something a front end found that is a finding by itself (a syntax error, an
// unresolvable `op.execute`), reported under `rule`.
struct FrontEndDiagnostic {
    std::string rule;   // "syntax-error", "unresolved-sql", ...
    std::string message;
    Span span;
    std::string help;
};

// Alembic revision metadata; empty for SQL files.
struct RevisionInfo {
    std::string revision;
    std::vector<std::string> down_revisions;  // empty: base revision (None)
    bool has_down_revision = false;           // the assignment exists at all
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string docstring_revises;            // "Revises:" line, if any
    Span revision_span;
    Span down_revision_span;
};

// What a migration's downgrade looks like, for the downgrade rules.
enum class DowngradeShape {
    absent,        // no downgrade() / no down file
    empty,         // only pass, ..., docstring
    raises,        // deliberately irreversible (raise ...)
    present,
    not_applicable // the layout has no down direction (plain SQL file)
};

struct Migration {
    std::shared_ptr<const SourceText> source;
    FileKind kind = FileKind::sql;
    RunnerTransaction runner = RunnerTransaction::none;
    std::vector<Operation> upgrade;
    std::vector<Operation> downgrade;
    std::vector<FrontEndDiagnostic> diagnostics;
    RevisionInfo revision;
    DowngradeShape downgrade_shape = DowngradeShape::not_applicable;
    Span upgrade_span;     // the upgrade() def or the up part, for migration-level findings
    Span downgrade_span;
    // Set when the file is recognised as written for another database
    // (SQLite, MySQL): it is not held to PostgreSQL rules.
    bool not_postgres = false;

    [[nodiscard]] const std::string& path() const { return source->path(); }
};

}  // namespace miglint

// One migration file as the front ends deliver it: metadata and the ordered
// upgrade and downgrade operations, each with its exact span.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/operation.hpp>
#include <miglint/pg_version.hpp>
#include <miglint/source.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace miglint {

enum class FileKind { sql, alembic_revision, other };

// How the migration runner wraps a file: Alembic and Flyway run each file in a
// transaction; plain psql-style files run statement by statement; golang-migrate
// sends the whole file as one query string, which PostgreSQL runs as one
// implicit transaction when it holds more than one statement.
enum class RunnerTransaction { none, per_file, single_query };

// Something a front end found that is a finding by itself (a syntax error, an
// unresolvable `op.execute`), reported under `rule`.
struct FrontEndDiagnostic {
    std::string rule;   // "syntax-error", "unresolved-sql", ...
    std::string message;
    Span span;
    std::string help;
    // SQL that only this release and later accept (requires-newer-postgres):
    // reported only when the configured version is older. {0, 0}: any version.
    PgVersion needs{0, 0};
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
    // The database it is written for instead ("SQLite"); empty when only
    // config's non-postgres-paths says it is not PostgreSQL.
    std::string other_database;
    // The runner sets these on its connection before the migration runs
    // (what an Alembic env.py executes or passes as connection options).
    bool runner_sets_lock_timeout = false;
    bool runner_sets_statement_timeout = false;
    // Migrations of one group form one revision graph and replay in one
    // order: the alembic.ini of the project whose version folders hold the
    // file; empty means the file's directory.
    std::string group;
    // The version a SQL file's name claims ("0003", "1.2" for Flyway's V1_2__),
    // empty when it claims none; two files of a group must not share one.
    std::string version;
    // SQL layouts that keep the down direction in a file of its own
    // (x.down.sql, <version>/down.sql, Flyway U files): the key an up file and
    // its down file share; empty otherwise.
    std::string pair_key;
    // This file is such a down file. Once paired, its operations are its
    // partner's downgrade and it keeps none of its own.
    bool is_down_file = false;
    // Where the down direction lives or belongs, for messages: "`0003_x.down.sql`",
    // "the `-- +goose Down` section"; empty for Alembic (downgrade()) and plain files.
    std::string downgrade_place;
    // The file's own switch that makes its runner run the upgrade outside a
    // transaction, as an edit: goose's `-- +goose NO TRANSACTION` line,
    // dbmate's `transaction:false` on the `-- migrate:up` marker. Empty when
    // the layout has none (Flyway, diesel) or the file already opts out.
    std::optional<Fix> runner_transaction_opt_out;
    // How the runner sends the upgrade once that opt-out is applied: goose
    // statement by statement (none); dbmate as one query string per section
    // (single_query), which PostgreSQL runs as one implicit transaction when
    // it holds more than one statement.
    RunnerTransaction runner_after_opt_out = RunnerTransaction::none;
    // The runner looks at the statements itself (Flyway): a file whose
    // statements all must run outside a transaction block (CONCURRENTLY,
    // VACUUM; see flyway_runs_outside_transaction) runs without one, and a
    // file that mixes them with others is refused before anything runs.
    bool runner_detects_outside_transaction = false;
    // The runner orders files by a version in their names, so a statement can
    // move into a migration of its own right after this one (golang-migrate,
    // diesel, Prisma, Flyway versioned files): Fix::split.
    bool takes_split_migration = false;
    // Alembic's default for PostgreSQL: one transaction for every revision an
    // `alembic upgrade` applies (env.py sets no transaction_per_migration), so
    // this revision's last transaction goes on into the next revision's first.
    bool run_transaction_continues = false;
    // Where the spans of `downgrade` point, when it came from another file.
    std::shared_ptr<const SourceText> downgrade_source;

    [[nodiscard]] const std::string& path() const { return source->path(); }
};

// True for the statements Flyway's PostgreSQL parser runs outside a
// transaction (its detectCanExecuteInTransaction): CREATE [UNIQUE] INDEX
// CONCURRENTLY, DROP INDEX CONCURRENTLY, VACUUM, REINDEX SCHEMA / DATABASE /
// SYSTEM, DROP DATABASE. REINDEX ... CONCURRENTLY of a table or index is not
// among them: Flyway runs it in the transaction, where it fails.
bool flyway_runs_outside_transaction(const Operation& op);

}  // namespace miglint

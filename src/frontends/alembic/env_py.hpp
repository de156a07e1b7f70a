// Reading an Alembic `env.py` for what it decides about every revision it
// runs: whether the ini file's URL is the database, whether revisions run in
// a transaction, and which session settings the migration connection gets.
// The file is parsed with tree-sitter, never imported or run; a setting that
// only run time decides is reported as such, never guessed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {

// How env.py has Alembic wrap the revisions it runs.
enum class EnvTransaction {
    alembic_default,  // Alembic's own default: one transaction (PostgreSQL has transactional DDL)
    per_migration,    // transaction_per_migration=True: one per revision
    none,             // transactional_ddl=False or an AUTOCOMMIT connection: no transaction at all
    run_time,         // decided by a value env.py computes when it runs
};

struct EnvFacts {
    // env.py replaces or ignores alembic.ini's sqlalchemy.url (set_main_option,
    // its own create_engine), so that URL says nothing about the database.
    bool overrides_ini_url = false;
    EnvTransaction transaction = EnvTransaction::alembic_default;
    // The migration connection gets these before any revision runs: SET
    // executed on it, or `-c name=value` / server_settings among its options.
    bool sets_lock_timeout = false;
    bool sets_statement_timeout = false;
    // What decided `transaction`, for verbose output ("transactional_ddl=False").
    std::string transaction_reason;
    // The naming convention of the MetaData env.py builds as target_metadata
    // (`MetaData(naming_convention={"pk": "pk_%(table_name)s", ...})`), by
    // key ("pk", "uq", "fk", "ck", "ix"): Alembic's ops name constraints by it.
    std::map<std::string, std::string> naming_convention;
    // target_metadata is bound to something env.py does not build
    // (`db.metadata`, `Base.metadata`): any naming convention lives in
    // application code, which is never read.
    bool metadata_from_code = false;
};

// Reads the text of an env.py. Online configuration (`context.configure`
// with `connection=`) speaks for how revisions run against the database;
// the offline one (`url=`, SQL script output) counts only when there is no
// online one.
EnvFacts read_env_py(std::string_view text);

}  // namespace miglint::alembic

// The Alembic projects (alembic.ini files) a lint run found, and what they
// and their env.py files say about the revision files: which project owns a
// file, whether it is written for PostgreSQL at all, and how it runs.
#pragma once

#include "alembic/alembic_ini.hpp"
#include "alembic/env_py.hpp"

#include <miglint/migration.hpp>
#include <miglint/settings.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace miglint {

// Reads each of `inis`. One that cannot be read (permissions, a FIFO, over
// max-file-size) is an error in `errors` naming it: what it says changes the
// results (the revision graph, the dialect). One that reads but is not an
// Alembic config miglint can use is a note in `notes`. Either way its
// revision files are still linted one by one.
std::vector<alembic::AlembicProject> load_alembic_projects(const std::vector<std::string>& inis,
                                                           const Settings& settings, std::vector<std::string>& notes,
                                                           std::vector<Error>& errors);

// The project whose version folder holds `path` most closely, or null.
const alembic::AlembicProject* owning_project(const std::vector<alembic::AlembicProject>& projects, const std::string& path);

// An env.py and what it decides for the revisions it runs.
struct AlembicEnvironment {
    std::string path;
    alembic::EnvFacts facts;
};

// The env.py of each revision folder, read once per folder: the nearest
// `env.py` in the revision's folder or up to three folders above it (Alembic
// keeps it in the script location, above versions/ and any folders inside it).
class AlembicEnvironments {
public:
    AlembicEnvironments(const Settings& settings, const std::map<std::string, std::string>& overlay)
        : m_settings(settings), m_overlay(overlay) {}

    // The environment of the revision file `path`, or null when none is found.
    const AlembicEnvironment* of_revision(const std::string& path);

private:
    const AlembicEnvironment* in_directory(const std::string& directory);

    const Settings& m_settings;
    const std::map<std::string, std::string>& m_overlay;
    std::map<std::string, std::optional<AlembicEnvironment>> m_by_directory;
};

// Decides which database `migration` is written for, and marks it
// `not_postgres` unless that is PostgreSQL. The evidence, strongest first:
// config's non-postgres-paths; for an Alembic revision, a folder named after
// a dialect (`versions/sqlite/`, `sqlite/versions/`), then its `project`'s
// sqlalchemy.url unless `env` replaces that URL. Without evidence it is
// PostgreSQL. `decisions` collects, per folder, what decided it.
void mark_other_database(Migration& migration, const alembic::AlembicProject* project, const AlembicEnvironment* env,
                         const Settings& settings, std::map<std::string, std::string>& decisions);

// Applies what `env` decides for how the revision `migration` runs: no
// transaction (transactional_ddl=False, an AUTOCOMMIT connection), the
// timeouts set on the connection, and the names its target_metadata's naming
// convention gives what the ops leave unnamed. Config's assume-in-transaction overrides
// the transaction mode. A mode env.py computes at run time keeps Alembic's
// default; `decisions` says so, per env.py.
void apply_environment(Migration& migration, const AlembicEnvironment& env, const Settings& settings,
                       std::map<std::string, std::string>& decisions);

// The verbose notes of `decisions`, in folder order.
void add_decision_notes(const std::map<std::string, std::string>& decisions, std::vector<std::string>& notes);

// The files of `migrations` written for another database, by what they are
// ("SQLite revision"), for the summary line.
std::map<std::string, std::size_t> count_graph_only(const std::vector<Migration>& migrations);

}  // namespace miglint

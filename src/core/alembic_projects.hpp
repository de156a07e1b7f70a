// The Alembic projects (alembic.ini files) a lint run found, and what they
// say about the revision files: which project owns a file, and whether it is
// written for PostgreSQL at all.
#pragma once

#include "alembic/alembic_ini.hpp"

#include <miglint/migration.hpp>
#include <miglint/settings.hpp>

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

// Marks `migration` as written for another database when config's
// non-postgres-paths matches it or its `project` targets another dialect, with
// a note saying why.
void mark_other_database(Migration& migration, const alembic::AlembicProject* project, const Settings& settings,
                         std::vector<std::string>& notes);

}  // namespace miglint

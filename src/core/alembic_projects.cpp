#include "core/alembic_projects.hpp"

#include "core/discover.hpp"
#include "core/path_glob.hpp"

#include <filesystem>
#include <iterator>

namespace miglint {

std::vector<alembic::AlembicProject> load_alembic_projects(const std::vector<std::string>& inis,
                                                           const Settings& settings, std::vector<std::string>& notes,
                                                           std::vector<Error>& errors) {
    std::vector<alembic::AlembicProject> projects;
    for (const auto& ini : inis) {
        auto text = read_file(ini, settings.max_file_bytes);
        if (!text) {
            errors.push_back(text.error());
            continue;
        }
        auto project = alembic::parse_alembic_ini(ini, *text);
        if (!project) {
            notes.push_back(project.error().display() + ": ignored");
            continue;
        }
        projects.push_back(std::move(*project));
    }
    return projects;
}

const alembic::AlembicProject* owning_project(const std::vector<alembic::AlembicProject>& projects, const std::string& path) {
    if (projects.empty()) return nullptr;  // no alembic.ini: skip making every path absolute
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec);
    const alembic::AlembicProject* best = nullptr;
    std::size_t best_depth = 0;
    for (const auto& project : projects) {
        for (const auto& dir : project.version_dirs) {
            const auto depth = static_cast<std::size_t>(std::distance(dir.begin(), dir.end()));
            if (alembic::is_within(absolute, dir) && (best == nullptr || depth > best_depth)) {
                best = &project;
                best_depth = depth;
            }
        }
    }
    return best;
}

void mark_other_database(Migration& migration, const alembic::AlembicProject* project, const Settings& settings,
                         std::vector<std::string>& notes) {
    if (matches_any(settings.non_postgres_paths, migration.path())) {
        migration.not_postgres = true;
        notes.push_back(migration.path() + ": matches non-postgres-paths: only its revision graph is checked");
    } else if (project != nullptr && !project->targets_postgres()) {
        migration.not_postgres = true;
        notes.push_back(migration.path() + ": " + project->ini.string() + " points at " + project->dialect +
                        ", not PostgreSQL: only its revision graph is checked");
    }
}

}  // namespace miglint

#include "alembic_projects.hpp"

#include "alembic/naming_convention.hpp"
#include "discover.hpp"
#include "path_glob.hpp"
#include "source_overlay.hpp"

#include <filesystem>
#include <iterator>

namespace miglint {
namespace fs = std::filesystem;
namespace {

// How a dialect is named in messages.
std::string display_name(const std::string& dialect) {
    if (dialect == "sqlite") return "SQLite";
    if (dialect == "mysql") return "MySQL";
    if (dialect == "mariadb") return "MariaDB";
    if (dialect == "mssql") return "SQL Server";
    if (dialect == "oracle") return "Oracle";
    if (dialect == "postgresql") return "PostgreSQL";
    return dialect;
}

// The dialect a folder's name gives its revisions: `versions/sqlite/x.py`,
// or `sqlite/versions/x.py`; empty when the names say nothing.
std::pair<std::string, std::string> dialect_of_folder(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    for (const auto& folder : {parent, parent.filename() == "versions" ? parent.parent_path() : fs::path()}) {
        const auto name = folder.filename().string();
        if (name.empty()) continue;
        const auto dialect = alembic::dialect_of_url(name);
        if (!dialect.empty()) return {dialect, folder.string()};
    }
    return {};
}

const char* transaction_words(alembic::EnvTransaction mode) {
    switch (mode) {
        case alembic::EnvTransaction::none:
            return "revisions run outside any transaction";
        case alembic::EnvTransaction::per_migration:
            return "each revision runs in its own transaction";
        case alembic::EnvTransaction::run_time:
            return "whether revisions run in a transaction is decided when it runs, so each is taken to run in one";
        case alembic::EnvTransaction::alembic_default:
            break;
    }
    return "every revision an `alembic upgrade` applies runs in one transaction (Alembic's default; "
           "transaction_per_migration=True gives each its own)";
}

}  // namespace

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

const AlembicEnvironment* AlembicEnvironments::of_revision(const std::string& path) {
    fs::path folder = fs::path(path).parent_path();
    // The revision's folder, then up to three above it.
    for (int up = 0; up <= 3; ++up) {
        if (const auto* env = in_directory(folder.string())) return env;
        if (!folder.has_parent_path() || folder.parent_path() == folder) break;
        folder = folder.parent_path();
    }
    return nullptr;
}

const AlembicEnvironment* AlembicEnvironments::in_directory(const std::string& directory) {
    const auto [it, fresh] = m_by_directory.try_emplace(directory);
    if (fresh) {
        const auto env_path = (fs::path(directory.empty() ? "." : directory) / "env.py").string();
        std::error_code ec;
        const bool on_disk = fs::is_regular_file(env_path, ec);
        if (on_disk || m_overlay.count(overlay_key(env_path)) > 0) {
            if (auto text = read_source(env_path, m_settings.max_file_bytes, m_overlay)) {
                it->second = AlembicEnvironment{env_path, alembic::read_env_py(*text)};
            }
        }
    }
    return it->second ? &*it->second : nullptr;
}

void mark_other_database(Migration& migration, const alembic::AlembicProject* project, const AlembicEnvironment* env,
                         const Settings& settings, std::map<std::string, std::string>& decisions) {
    if (matches_any(settings.non_postgres_paths, migration.path())) {
        migration.not_postgres = true;
        decisions.emplace(migration.path(), "matches non-postgres-paths: only its revision graph is checked");
        return;
    }
    if (migration.kind != FileKind::alembic_revision) {
        // What the file's name decided (ory/pop's dialect files); the manifest's note names its own.
        if (migration.not_postgres && migration.other_database != "unlisted") {
            decisions.emplace(migration.path(),
                              migration.other_database.empty()
                                  ? "a `.postgres.` file of the same migration replaces it on PostgreSQL (ory/pop): "
                                    "checked for the revision graph only"
                                  : "written for " + migration.other_database +
                                        ", as its name says: checked for the revision graph only");
            return;
        }
        if (project != nullptr && !project->targets_postgres()) {
            migration.not_postgres = true;
            migration.other_database = display_name(project->dialect);
        }
        return;
    }
    const auto folder = fs::path(migration.path()).parent_path().string();
    if (const auto [dialect, named] = dialect_of_folder(migration.path()); !dialect.empty()) {
        const auto name = display_name(dialect);
        if (dialect != "postgresql") {
            migration.not_postgres = true;
            migration.other_database = name;
            decisions.emplace(folder, name + ", as the folder name `" + fs::path(named).filename().string() +
                                          "` says: its revisions are checked for the revision graph only");
        } else {
            decisions.emplace(folder,
                              "PostgreSQL, as the folder name `" + fs::path(named).filename().string() + "` says");
        }
        return;
    }
    if (project != nullptr && !project->dialect.empty()) {
        const auto name = display_name(project->dialect);
        if (env != nullptr && env->facts.overrides_ini_url) {
            decisions.emplace(folder, "PostgreSQL: " + project->ini.string() + " names " + name + ", but " + env->path +
                                          " replaces that URL, so nothing says which database it is");
            return;
        }
        if (!project->targets_postgres()) {
            migration.not_postgres = true;
            migration.other_database = name;
            decisions.emplace(folder, name + ", as the sqlalchemy.url of " + project->ini.string() +
                                          " says: its revisions are checked for the revision graph only");
        } else {
            decisions.emplace(folder, "PostgreSQL, as the sqlalchemy.url of " + project->ini.string() + " says");
        }
        return;
    }
    decisions.emplace(folder, "PostgreSQL: nothing names another database");
}

void apply_environment(Migration& migration, const AlembicEnvironment& env, const Settings& settings,
                       std::map<std::string, std::string>& decisions) {
    if (migration.kind != FileKind::alembic_revision) return;
    const auto& facts = env.facts;
    const bool configured = !settings.naming_convention.empty();
    alembic::name_by_convention(migration, configured ? settings.naming_convention : facts.naming_convention);
    migration.runner_sets_lock_timeout = facts.sets_lock_timeout;
    migration.runner_sets_statement_timeout = facts.sets_statement_timeout;
    std::string said;
    if (settings.sql_runner) {
        migration.runner = *settings.sql_runner;
        said = "assume-in-transaction in config decides the transaction";
    } else {
        if (facts.transaction == alembic::EnvTransaction::none) migration.runner = RunnerTransaction::none;
        migration.run_transaction_continues = facts.transaction == alembic::EnvTransaction::alembic_default;
        said = transaction_words(facts.transaction);
        if (!facts.transaction_reason.empty()) said += " (" + facts.transaction_reason + ")";
    }
    if (facts.sets_lock_timeout) said += "; it sets lock_timeout on the connection";
    if (facts.sets_statement_timeout) said += "; it sets statement_timeout on the connection";
    if (configured) {
        said += "; naming-convention in config names constraints";
    } else if (!facts.naming_convention.empty()) {
        said += "; its target_metadata's naming convention names constraints";
    } else if (facts.metadata_from_code) {
        said += "; its target_metadata comes from application code, which is not read: a naming convention there "
                "is unknown here (say it under [naming-convention] in config)";
    }
    decisions.emplace(env.path, said);
}

void add_decision_notes(const std::map<std::string, std::string>& decisions, std::vector<std::string>& notes) {
    for (const auto& [where, what] : decisions) notes.push_back(where + ": " + what);
}

std::map<std::string, std::size_t> count_graph_only(const std::vector<Migration>& migrations) {
    std::map<std::string, std::size_t> counts;
    for (const auto& m : migrations) {
        if (!m.not_postgres) continue;
        const std::string what = m.kind == FileKind::alembic_revision ? "revision" : "file";
        ++counts[(m.other_database.empty() ? "non-PostgreSQL" : m.other_database) + " " + what];
    }
    return counts;
}

}  // namespace miglint

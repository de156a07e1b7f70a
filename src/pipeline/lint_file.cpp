#include "lint_file.hpp"

#include "front_ends.hpp"
#include "source_overlay.hpp"

#include "alembic/alembic_frontend.hpp"
#include "alembic/naming_convention.hpp"

#include <memory>

namespace miglint {

void read_and_parse(const LintRun& run, std::size_t i) {
    const auto& found = run.discovered.files[i];
    auto& file = run.files[i];
    auto text = read_source(found.path, run.settings.max_file_bytes, run.overlay);
    if (!text) {
        file.error = text.error();
        return;
    }
    const auto* project = file.project;
    const auto& engines = project != nullptr && !project->engines.empty() ? project->postgres_engines
                                                                          : alembic::default_postgres_engines();
    if (run.cache == nullptr) {
        file.migration =
            parse_migration(std::make_shared<const SourceText>(found.path, std::move(*text)), found.layout, engines);
        return;
    }
    if (const auto* hit = run.cache->find(found.path, *text, engines)) {
        file.migration = hit->migration;
        return;
    }
    auto source = std::make_shared<const SourceText>(found.path, std::move(*text));
    file.migration = parse_migration(source, found.layout, engines);
    file.fresh = std::make_unique<ParseCache::Entry>(ParseCache::Entry{std::move(source), engines, file.migration});
}

void fail_file(const LintRun& run, std::size_t i, Error failure) {
    auto& file = run.files[i];
    file.migration.reset();
    file.fresh.reset();
    file.source = nullptr;
    file.suppressions.clear();
    file.decisions.clear();
    file.error = std::move(failure);
}

void settle_database(const LintRun& run, std::size_t i) {
    auto& file = run.files[i];
    if (!file.migration) return;
    auto& migration = *file.migration;
    const bool is_revision = migration.kind == FileKind::alembic_revision;
    if (file.project != nullptr && is_revision) migration.group = file.project->ini.string();
    const auto* env = is_revision ? run.environments.of_revision(migration.path()) : nullptr;
    mark_other_database(migration, file.project, env, run.settings, file.decisions);
    if (migration.not_postgres) return;
    if (env != nullptr) {
        apply_environment(migration, *env, run.settings, file.decisions);
    } else if (is_revision) {
        alembic::name_by_convention(migration, run.settings.naming_convention);
    }
}

}  // namespace miglint

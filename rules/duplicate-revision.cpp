// Two Alembic revision files with the same `revision` id: Alembic keeps one
// of them in its revision map and the other never runs (Alembic warns
// "Revision ... is present more than once").
// No lock: the hazard is a migration that silently never runs.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace miglint::rules {
namespace {

// Two SQL files of one set whose names claim the same version: golang-migrate,
// Flyway, goose and dbmate refuse to run, or run one of them only.
void check_sql_versions(const SetContext& ctx, Reporter& out) {
    std::map<std::string, const Migration*> first;
    for (const auto* m : ctx.migrations()) {
        // A down file shares its up file's version by design.
        if (m->kind != FileKind::sql || m->version.empty() || m->is_down_file) continue;
        // ory/pop keeps one version per database (X.postgres.up.sql beside X.mysql.up.sql).
        const auto key = m->not_postgres ? m->version + "\n" + m->other_database : m->version;
        const auto [it, inserted] = first.emplace(key, m);
        if (inserted) continue;
        const auto other = std::filesystem::path(it->second->path()).filename().string();
        out.report(*m, m->upgrade_span,
                   "version " + quoted(m->version) + " is already claimed by " + quoted(other) +
                       ", so the migration runner refuses the set or runs only one of the two files")
            .help("rename this file to the next free version, after the newest one in the folder (and its down "
                  "file with it), so every version names one migration");
    }
}

void check(const SetContext& ctx, Reporter& out) {
    check_sql_versions(ctx, out);
    std::map<std::string, const Migration*> first;  // migrations() is in path order
    for (const auto* m : ctx.migrations()) {
        // SQL files and revisions whose id miglint cannot read have no id to clash.
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        const auto [it, inserted] = first.emplace(m->revision.revision, m);
        if (inserted) continue;
        const auto other = std::filesystem::path(it->second->path()).filename().string();
        out.report(*m, m->revision.revision_span,
                   "revision id " + quoted(m->revision.revision) + " is already used by " + quoted(other) +
                       ", so Alembic keeps only one of the two files and the other never runs")
            .help("give this file a new id, and point the revisions that follow it at the new one:\n"
                  "revision = \"<new id>\"  # e.g. python -c \"import uuid; print(uuid.uuid4().hex[-12:])\"");
    }
}

}  // namespace

const Rule& duplicate_revision() {
    static const Rule rule{
        .id = "duplicate-revision",
        .summary = "Two Alembic revisions share one revision id, or two SQL files one version, so one of them never runs.",
        .default_severity = Severity::error,
        .check_set = &check,
        .tags = {"alembic", "revision-graph", "whole-graph"},
    };
    return rule;
}

}  // namespace miglint::rules

// An Alembic down_revision naming a revision that no file of the versions
// directory defines: Alembic cannot build its revision map and every command
// fails ("Revision ... referenced from ... is not present"; Alembic manual,
// "The Migration Environment").
// No lock: the migration never starts.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <set>
#include <string>

namespace miglint::rules {
namespace {

void check(const SetContext& ctx, Reporter& out) {
    std::set<std::string> ids;
    bool has_base = false;
    for (const auto* m : ctx.migrations()) {
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        ids.insert(m->revision.revision);
        has_base = has_base || m->revision.down_revisions.empty();
    }
    // Without a base revision (down_revision = None) the set is a part of the
    // directory (files named one by one, an editor linting one file), and
    // the revisions it follows are simply not in view.
    if (!has_base) return;
    for (const auto* m : ctx.migrations()) {
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        for (const auto& down : m->revision.down_revisions) {
            if (ids.count(down) > 0) continue;
            std::string help = "set down_revision to the id of the revision this one follows (`alembic heads` lists them)";
            const auto& revises = m->revision.docstring_revises;
            if (!revises.empty() && revises != down && ids.count(revises) > 0) {
                help += "; the docstring says:\ndown_revision = \"" + revises + "\"";
            }
            out.report(*m, m->revision.down_revision_span,
                       "down_revision of " + quoted(m->revision.revision) + " names " + quoted(down) +
                           ", which no revision in this directory defines, so Alembic cannot build the revision graph")
                .help(help);
        }
    }
}

}  // namespace

const Rule& missing_down_revision() {
    static const Rule rule{
        .id = "missing-down-revision",
        .summary = "An Alembic down_revision names a revision that no file in the directory defines.",
        .default_severity = Severity::error,
        .check_set = &check,
        .tags = {"alembic", "revision-graph", "whole-graph"},
    };
    return rule;
}

}  // namespace miglint::rules

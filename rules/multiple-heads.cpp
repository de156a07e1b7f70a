// More than one Alembic revision that no other revision names as its
// down_revision: `alembic upgrade head` refuses to run ("Multiple head
// revisions are present for given argument 'head'"; Alembic manual,
// "Working with Branches").
// No lock: the migration never starts.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace miglint::rules {
namespace {

// True when `id` or one of its ancestors carries a branch label: a deliberate
// named branch, upgraded as `alembic upgrade <label>@head`.
bool on_labelled_branch(const std::string& id, const std::map<std::string, const Migration*>& by_id) {
    std::set<std::string> seen;
    std::vector<std::string> todo{id};
    while (!todo.empty()) {
        const auto current = todo.back();
        todo.pop_back();
        if (!seen.insert(current).second) continue;
        const auto it = by_id.find(current);
        if (it == by_id.end()) continue;
        if (!it->second->revision.branch_labels.empty()) return true;
        for (const auto& down : it->second->revision.down_revisions) todo.push_back(down);
    }
    return false;
}

void check(const SetContext& ctx, Reporter& out) {
    std::map<std::string, const Migration*> by_id;  // first file per id, by path
    std::vector<const Migration*> revisions;
    std::set<std::string> named;
    for (const auto* m : ctx.migrations()) {
        // SQL files and files without a readable revision id are not in the graph.
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        if (!by_id.emplace(m->revision.revision, m).second) continue;  // duplicate-revision's finding
        revisions.push_back(m);
        named.insert(m->revision.down_revisions.begin(), m->revision.down_revisions.end());
    }
    // A down_revision outside the set means the set is partial (files named
    // one by one) or broken (missing-down-revision): its fragments are not heads.
    for (const auto& down : named) {
        if (by_id.count(down) == 0) return;
    }
    std::vector<const Migration*> heads;
    for (const auto* m : revisions) {
        if (named.count(m->revision.revision) == 0) heads.push_back(m);
    }
    if (heads.size() < 2) return;
    // Every head on its own labelled branch: a deliberate multi-branch layout.
    bool all_labelled = true;
    for (const auto* head : heads) all_labelled = all_labelled && on_labelled_branch(head->revision.revision, by_id);
    if (all_labelled) return;

    std::string names;
    for (const auto* head : heads) names += (names.empty() ? "" : ", ") + quoted(head->revision.revision);
    for (std::size_t i = 1; i < heads.size(); ++i) {
        const auto* head = heads[i];
        out.report(*head, head->revision.revision_span,
                   "revision " + quoted(head->revision.revision) + " is another head besides " +
                       quoted(heads.front()->revision.revision) + " (heads: " + names +
                       "), so `alembic upgrade head` fails with \"Multiple head revisions are present\"")
            .help("merge the heads into one revision:\nalembic merge heads -m \"merge\"\n"
                  "(or, if this revision should follow another, set its down_revision to that head)");
    }
}

}  // namespace

const Rule& multiple_heads() {
    static const Rule rule{
        .id = "multiple-heads",
        .summary = "The Alembic revision graph has more than one head, so `alembic upgrade head` fails.",
        .default_severity = Severity::error,
        .check_set = &check,
        .tags = {"alembic", "revision-graph", "whole-graph"},
    };
    return rule;
}

}  // namespace miglint::rules

// Alembic revisions whose down_revision links form a cycle: there is no
// order to run them in, and Alembic fails to build its revision map
// ("Cycle is detected in revisions"; Alembic manual, "Working with Branches").
// No lock: the migration never starts.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace miglint::rules {
namespace {

using Graph = std::map<std::string, std::vector<std::string>>;  // id -> down revisions in the set

// Tarjan's strongly connected components, iterative over sorted ids so the
// output does not depend on recursion depth or file order.
class Components {
public:
    explicit Components(const Graph& graph) : m_graph(graph) {
        for (const auto& [id, downs] : graph) {
            if (m_index.count(id) == 0) visit(id);
        }
    }
    [[nodiscard]] const std::vector<std::vector<std::string>>& result() const { return m_components; }

private:
    void visit(const std::string& root) {
        struct Frame {
            std::string id;
            std::size_t next = 0;
        };
        std::vector<Frame> frames;
        const auto open = [&](const std::string& id) {
            m_index[id] = m_low[id] = m_counter++;
            m_stack.push_back(id);
            m_on_stack.insert(id);
            frames.push_back({id, 0});
        };
        open(root);
        while (!frames.empty()) {
            auto& frame = frames.back();
            const auto& downs = m_graph.at(frame.id);
            if (frame.next < downs.size()) {
                const auto down = downs[frame.next++];
                if (m_index.count(down) == 0) {
                    open(down);
                } else if (m_on_stack.count(down) > 0) {
                    m_low[frame.id] = std::min(m_low[frame.id], m_index[down]);
                }
                continue;
            }
            const auto id = frame.id;
            frames.pop_back();
            if (!frames.empty()) m_low[frames.back().id] = std::min(m_low[frames.back().id], m_low[id]);
            if (m_low[id] != m_index[id]) continue;
            std::vector<std::string> component;
            std::string member;
            do {
                member = m_stack.back();
                m_stack.pop_back();
                m_on_stack.erase(member);
                component.push_back(member);
            } while (member != id);
            std::sort(component.begin(), component.end());
            m_components.push_back(std::move(component));
        }
    }

    const Graph& m_graph;
    std::map<std::string, std::size_t> m_index;
    std::map<std::string, std::size_t> m_low;
    std::vector<std::string> m_stack;
    std::set<std::string> m_on_stack;
    std::size_t m_counter = 0;
    std::vector<std::vector<std::string>> m_components;
};

void check(const SetContext& ctx, Reporter& out) {
    std::map<std::string, const Migration*> by_id;
    for (const auto* m : ctx.migrations()) {
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        by_id.emplace(m->revision.revision, m);  // the first file per id, by path
    }
    Graph graph;
    for (const auto& [id, m] : by_id) {
        auto& downs = graph[id];
        // Revisions outside the set are missing-down-revision's concern.
        for (const auto& down : m->revision.down_revisions) {
            if (by_id.count(down) > 0) downs.push_back(down);
        }
    }
    const Components components(graph);
    for (const auto& component : components.result()) {
        const auto& smallest = component.front();
        const auto& downs = graph.at(smallest);
        const bool self_loop = std::find(downs.begin(), downs.end(), smallest) != downs.end();
        if (component.size() < 2 && !self_loop) continue;
        std::string names;
        for (const auto& id : component) names += (names.empty() ? "" : ", ") + quoted(id);
        const auto* at = by_id.at(smallest);
        out.report(*at, at->revision.down_revision_span,
                   (component.size() == 1 ? "revision " + names + " names itself as its down_revision"
                                          : "revisions " + names + " form a cycle through down_revision") +
                       ", so Alembic cannot order them and every command fails")
            .help("break the cycle: point the oldest of these revisions at the revision it really follows, "
                  "or at None if it is the first:\ndown_revision = None");
    }
}

}  // namespace

const Rule& revision_cycle() {
    static const Rule rule{
        .id = "revision-cycle",
        .summary = "Alembic down_revision links form a cycle, so the revisions have no order to run in.",
        .default_severity = Severity::error,
        .check_set = &check,
        .tags = {"alembic", "revision-graph", "whole-graph"},
    };
    return rule;
}

}  // namespace miglint::rules

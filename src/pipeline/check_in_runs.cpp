#include "check_in_runs.hpp"

#include "lint_stages.hpp"

#include <miglint/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>

namespace miglint {
namespace {

// The history is cut into runs checked in parallel, each from the schema the
// migrations before it leave. A run starts by replaying that prefix itself
// (without rules), so no thread waits for another; a replayed operation costs
// about `k_replay_share` of a checked one, so later runs are cut shorter to
// end together. Each run but the first holds its own schema: more runs cost memory.
constexpr double k_replay_share = 0.33;

// `bounds[k]` to `bounds[k + 1]` is run k, one run per thread at most.
std::vector<std::size_t> run_bounds(const std::vector<Migration>& ordered, unsigned jobs) {
    constexpr std::size_t k_min_run = 32;  // below this, a thread costs more than it saves
    const auto runs = std::clamp<std::size_t>(ordered.size() / k_min_run, 1, jobs);
    std::vector<double> done{0};  // operations (and one per migration) up to each migration
    for (const auto& m : ordered) done.push_back(done.back() + static_cast<double>(m.upgrade.size() + 1));
    // Run k replays done[b_k] and checks done[b_(k+1)] - done[b_k]; equal times give
    // done[b_k] = step * (1 - (1 - share)^k) / share.
    const double keep = 1.0 - k_replay_share;
    const double step = done.back() * k_replay_share / (1.0 - std::pow(keep, static_cast<double>(runs)));
    std::vector<std::size_t> bounds{0};
    for (std::size_t k = 1; k < runs; ++k) {
        const double target = step * (1.0 - std::pow(keep, static_cast<double>(k))) / k_replay_share;
        const auto at = static_cast<std::size_t>(std::lower_bound(done.begin(), done.end(), target) - done.begin());
        if (at > bounds.back() && at < ordered.size()) bounds.push_back(at);
    }
    bounds.push_back(ordered.size());
    return bounds;
}

// Once every run that reads a migration is done with it (the run that checks
// it, and the replay of each later run), nothing reads its operations again:
// later migrations see only the replayed schema. A long history frees them as
// the check goes instead of holding every file's at once.
class OperationRelease {
public:
    OperationRelease(std::vector<Migration>& ordered, const std::vector<std::size_t>& bounds)
        : m_ordered(ordered), m_readers(ordered.size()) {
        for (std::size_t run = 0; run + 1 < bounds.size(); ++run) {
            const auto later_runs = static_cast<int>(bounds.size() - 2 - run);
            for (auto i = bounds[run]; i < bounds[run + 1]; ++i) m_readers[i].store(1 + later_runs, std::memory_order_relaxed);
        }
    }

    // One reader of migration `index` is done; the last one frees its operations.
    void done_with(std::size_t index) {
        if (m_readers[index].fetch_sub(1, std::memory_order_acq_rel) != 1) return;
        std::vector<Operation>().swap(m_ordered[index].upgrade);
        std::vector<Operation>().swap(m_ordered[index].downgrade);
    }

private:
    std::vector<Migration>& m_ordered;
    std::vector<std::atomic<int>> m_readers;
};

}  // namespace

CheckedHistory check_in_runs(const RuleSet& rules, std::vector<Migration>& ordered, unsigned jobs) {
    std::vector<const Migration*> pointers;
    pointers.reserve(ordered.size());
    for (const auto& m : ordered) pointers.push_back(&m);
    const auto bounds = run_bounds(ordered, job_count(jobs));
    const auto run_count = bounds.size() - 1;
    OperationRelease release(ordered, bounds);
    std::vector<std::vector<Finding>> found(run_count);
    auto schemas = std::make_shared<std::vector<SchemaState>>(run_count);
    parallel_for(run_count, jobs, [&](std::size_t run) {
        SchemaState start;
        for (std::size_t i = 0; i < bounds[run]; ++i) {
            if (!ordered[i].not_postgres) {  // else its operations are never applied
                for (const auto& op : ordered[i].upgrade) start.apply(op, static_cast<MigrationIndex>(i));
            }
            start.end_migration(!ordered[i].not_postgres && ordered[i].run_transaction_continues, ordered[i].path());
            release.done_with(i);
        }
        HistoryPass pass(rules, std::move(start), pointers);
        for (auto i = bounds[run]; i < bounds[run + 1]; ++i) {
            pass.check_migration(static_cast<MigrationIndex>(i));
            release.done_with(i);
        }
        found[run] = std::move(pass.findings());
        (*schemas)[run] = std::move(pass.schema());  // freed later, off the way to the report
    });
    std::size_t total = 0;
    for (const auto& part : found) total += part.size();
    std::vector<Finding> findings = std::move(found.front());
    findings.reserve(total);
    for (std::size_t run = 1; run < run_count; ++run) {
        std::move(found[run].begin(), found[run].end(), std::back_inserter(findings));
    }
    check_sets(rules, pointers, findings);
    return {std::move(findings), std::move(schemas)};
}

}  // namespace miglint

#include "check_while_parsing.hpp"

#include "alembic_projects.hpp"
#include "guarded.hpp"
#include "history_pass.hpp"
#include "lint_stages.hpp"
#include "resolved_at_head.hpp"
#include "table_sizes.hpp"
#include "transactions.hpp"

#include <miglint/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

namespace miglint {
namespace {

// Operations the checking thread is done with, handed back to the thread that
// parsed them to free: glibc frees a block into the arena of the thread that
// allocated it, so a free from another thread waits on that thread's arena lock.
class ReturnedOperations {
public:
    explicit ReturnedOperations(unsigned threads) : m_bins(threads) {}

    void give_back(unsigned parser, Migration& migration) {
        if (m_bins.size() == 1) {  // one thread: it parsed them, it frees them
            std::vector<Operation>().swap(migration.upgrade);
            std::vector<Operation>().swap(migration.downgrade);
            return;
        }
        auto& bin = m_bins[parser];
        const std::lock_guard lock(bin.lock);
        bin.operations.push_back(std::move(migration.upgrade));
        bin.operations.push_back(std::move(migration.downgrade));
        migration.upgrade.clear();
        migration.downgrade.clear();
    }

    // Frees what was handed back to thread `parser`, on that thread.
    void free_returned(unsigned parser) {
        std::vector<std::vector<Operation>> returned;
        auto& bin = m_bins[parser];
        const std::lock_guard lock(bin.lock);
        returned.swap(bin.operations);
    }

private:
    struct Bin {
        std::mutex lock;
        std::vector<std::vector<Operation>> operations;
    };
    std::deque<Bin> m_bins;  // a deque: a mutex cannot move
};

// The history, checked in order while its files are parsed. Whichever thread
// finds the next migration ready checks it (and those after it that are
// ready), so checking never waits for a thread of its own.
class StreamedHistory {
public:
    static constexpr std::size_t k_check_every = 64;  // files; 16 to 256 time alike, 1 is 8% slower
    // How far parsing may run ahead of the first migration not checked before
    // a parser stops to check (waiting for the thread that is checking, if
    // one is): the bound on the parsed operations held at once. Checking every
    // `k_check_every` files keeps well inside it (the lag stays near 64 files
    // a thread on the bench corpora); it holds when checking is the slower part.
    static constexpr std::size_t k_window = 1024;

    StreamedHistory(const LintRun& run, const std::vector<std::size_t>& order, const RuleSet& rules, unsigned threads)
        : m_run(run),
          m_order(order),
          m_rules(rules),
          m_pass(rules, SchemaState{}, m_checked_migrations),
          m_returned(threads),
          m_threads(threads) {
        m_checked_migrations.reserve(order.size());
    }

    // Marks the file at `position` parsed by thread `parser`. Every
    // `k_check_every` files, checks what is ready and frees what was handed
    // back to `parser`: checking after each file would swap the parser's and
    // the rules' working sets in and out of the cache at every file. Past the
    // window, it checks even if it must wait for another thread to finish
    // checking first. It never waits for a file to be parsed: a file waiting
    // for its pair (Flyway's U1 sorts before V1) lets parsing run on to it.
    void parsed(std::size_t position, unsigned parser) {
        m_run.files[m_order[position]].ready.store(true);
        if (position >= m_checked_up_to.load(std::memory_order_relaxed) + k_window) {
            const std::lock_guard lock(m_checking);
            check_while_locked();
        } else if (position % k_check_every == k_check_every - 1) {
            check_ready();
        } else {
            return;
        }
        m_returned.free_returned(parser);
    }

    // After every thread is done: checks what is left, then hands over the
    // checked migrations in history order with their findings.
    std::vector<Migration> take_checked(std::vector<Finding>& findings) {
        while (m_next < m_order.size()) check(m_next++);
        for (unsigned thread = 0; thread < m_threads; ++thread) m_returned.free_returned(thread);
        findings = std::move(m_pass.findings());
        check_sets(m_rules, m_checked_migrations, findings);
        std::vector<Migration> migrations;
        migrations.reserve(m_checked_migrations.size());
        for (const auto index : m_order) {
            if (auto& file = m_run.files[index]; file.migration) migrations.push_back(std::move(*file.migration));
        }
        m_checked_migrations.clear();
        return migrations;
    }

    SchemaState& schema() { return m_pass.schema(); }

private:
    // File `index` and every file of its pair are parsed.
    [[nodiscard]] bool ready_file(std::size_t index) const {
        if (!m_run.files[index].ready.load()) return false;
        const auto pair = m_run.pairs.pair_of(index);
        return std::all_of(pair.begin(), pair.end(), [&](std::size_t member) { return m_run.files[member].ready.load(); });
    }

    [[nodiscard]] bool ready(std::size_t position) const { return ready_file(m_order[position]); }

    void check_ready() {
        while (m_checking.try_lock()) {
            const auto next = check_while_locked();
            m_checking.unlock();
            // A file that got ready while this thread held the lock found it taken: look again.
            if (next == m_order.size() || !ready(next)) return;
        }
    }

    // Checks every ready migration in order, `m_checking` held; returns the first position not checked.
    std::size_t check_while_locked() {
        auto next = m_next;
        while (next < m_order.size() && ready(next)) check(next++);
        m_next = next;
        m_checked_up_to.store(next, std::memory_order_relaxed);
        return next;
    }

    void check(std::size_t position) {
        const auto index = m_order[position];
        m_run.pairs.join(index, [&](std::size_t i) { return m_run.migration_at(i); });
        auto& file = m_run.files[index];
        if (!file.migration) return;  // not read: an error, no migration
        auto& migration = *file.migration;
        annotate_transactions(migration, m_rules.settings);
        m_checked_migrations.push_back(&migration);
        m_pass.check_migration(static_cast<MigrationIndex>(m_checked_migrations.size() - 1));
        m_returned.give_back(file.parser, migration);  // later migrations see only the replayed schema
    }

    const LintRun& m_run;
    const std::vector<std::size_t>& m_order;  // file indices in history order
    const RuleSet& m_rules;
    std::vector<const Migration*> m_checked_migrations;  // what the pass indexes: read files, in history order
    HistoryPass m_pass;
    ReturnedOperations m_returned;
    unsigned m_threads;
    std::mutex m_checking;   // held by the thread checking
    std::size_t m_next = 0;  // the first position not checked
    std::atomic<std::size_t> m_checked_up_to{0};  // m_next, for parsers to read without the lock
};

}  // namespace

LintOutput check_while_parsing(const LintRun& run, const std::vector<std::size_t>& order,
                               const std::vector<const Rule*>& rules) {
    LintOutput output;
    // A size source that fails is an error and the lint goes on without it.
    Settings sized = run.settings;
    read_table_sizes(sized, output.errors);
    const RuleSet rule_set(sized, rules);
    const auto& found = run.discovered.files;
    const auto threads = static_cast<unsigned>(std::min<std::size_t>(job_count(run.settings.jobs), found.size()));
    StreamedHistory history(run, order, rule_set, threads);
    parallel_for_workers(order.size(), threads, [&](std::size_t position, unsigned thread) {
        const auto index = order[position];
        auto& file = run.files[index];
        file.parser = thread;
        const auto failure = run_guarded(found[index].path, [&] {
            read_and_parse(run, index);
            settle_database(run, index);
            if (file.migration) {
                file.source = file.migration->source.get();
                file.suppressions = find_suppressions(*file.source);  // here, on every thread, not after the check
            }
        });
        if (failure) fail_file(run, index, *failure);  // not read: no migration, so the check skips it
        history.parsed(position, thread);  // even after a failure: the files after it wait for this one
    });
    auto migrations = history.take_checked(output.findings);
    drop_resolved_at_head(output.findings, history.schema());
    output.files_linted = migrations.size();
    output.graph_only = count_graph_only(migrations);
    FoundSuppressions suppressions;
    suppressions.reserve(migrations.size());
    for (auto& file : run.files) {
        if (file.source != nullptr) suppressions.emplace(file.source, std::move(file.suppressions));
    }
    finish_findings(output, migrations, sized, rules, &suppressions);
    // What the lint built and no longer reads, freed later, off the way to the report.
    struct Spent {
        SchemaState schema;
        std::vector<Migration> migrations;
    };
    output.spent = std::make_shared<Spent>(Spent{std::move(history.schema()), std::move(migrations)});
    return output;
}

}  // namespace miglint

#include "streamed_lint.hpp"

#include "alembic_projects.hpp"
#include "guarded.hpp"
#include "history_pass.hpp"
#include "lint_stages.hpp"
#include "pair_directions.hpp"
#include <miglint/parallel.hpp>
#include "source_overlay.hpp"
#include "suppressions.hpp"
#include "transactions.hpp"
#include "table_sizes.hpp"
#include "sql/sql_layout.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

namespace miglint {
namespace {

bool is_python(const std::string& path) {
    const auto name = std::string_view(path).substr(path.rfind('/') + 1);
    return name.size() > 3 && name.ends_with(".py");  // as parse_migration tells them apart
}

// One file of the set, at its index in the discovered list.
struct ParsedFile {
    std::optional<Migration> migration;
    std::optional<Error> error;             // it could not be read
    std::vector<std::string> notes;         // why it is not checked as PostgreSQL
    const SourceText* source = nullptr;     // its text, once read
    std::vector<Suppression> suppressions;  // the directives in it, read by its parser
    unsigned parser = 0;                    // the thread that parsed it
    std::atomic<bool> ready{false};         // parsed; its parser no longer touches it
};

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

// The files that pair by name (x.up.sql with x.down.sql, <v>/up.sql with
// <v>/down.sql, V1__ with U1__). A file of a pair is checked only once every
// file of its pair key is parsed and joined (pair_down_files).
class NamePairs {
public:
    explicit NamePairs(const std::vector<std::string>& files)
        : m_group_of(files.size(), k_none), m_sets_with_down(sets_with_down_files(files)) {
        std::map<std::string, std::size_t> by_key;
        for (std::size_t i = 0; i < files.size(); ++i) {
            auto key = sql::classify_sql_name(files[i]).pair_key;
            if (key.empty()) continue;
            const auto [it, added] = by_key.emplace(std::move(key), m_members.size());
            if (added) m_members.emplace_back();
            m_members[it->second].push_back(i);
            m_group_of[i] = it->second;
        }
        m_joined.assign(m_members.size(), false);
    }

    [[nodiscard]] bool complete(std::size_t file, const std::vector<ParsedFile>& parsed) const {
        const auto group = m_group_of[file];
        if (group == k_none) return true;
        for (const auto member : m_members[group]) {
            if (!parsed[member].ready.load()) return false;
        }
        return true;
    }

    // Joins the pair of `file` the first time one of its files is checked.
    void join(std::size_t file, std::vector<ParsedFile>& parsed) {
        const auto group = m_group_of[file];
        if (group == k_none || m_joined[group]) return;
        m_joined[group] = true;
        std::vector<Migration*> members;
        for (const auto member : m_members[group]) {  // in discovered order, as the whole-set pairing sees them
            if (parsed[member].migration) members.push_back(&*parsed[member].migration);
        }
        pair_down_files(std::span<Migration* const>(members), m_sets_with_down);
    }

private:
    static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> m_group_of;
    std::vector<std::vector<std::size_t>> m_members;
    std::set<std::string> m_sets_with_down;  // a set without any down file writes none by choice
    std::vector<bool> m_joined;
};

// The history, checked in order while its files are parsed. Whichever thread
// finds the next migration ready checks it (and those after it that are
// ready), so checking never waits for a thread of its own.
class StreamedHistory {
public:
    static constexpr std::size_t k_check_every = 64;  // files; 16 to 256 time alike, 1 is 8% slower

    StreamedHistory(const std::vector<std::string>& files, const RuleSet& rules, unsigned threads)
        : m_order(sql_history_order(files)),
          m_parsed(files.size()),
          m_pairs(files),
          m_rules(rules),
          m_pass(rules, SchemaState{}, m_checked_migrations),
          m_returned(threads),
          m_threads(threads) {
        m_checked_migrations.reserve(files.size());
    }

    [[nodiscard]] std::size_t file_at(std::size_t position) const { return m_order[position]; }
    ParsedFile& file(std::size_t index) { return m_parsed[index]; }

    // Marks the file at `position` parsed by thread `parser`. Every
    // `k_check_every` files, checks what is ready and frees what was handed
    // back to `parser`: checking after each file would swap the parser's and
    // the rules' working sets in and out of the cache at every file.
    void parsed(std::size_t position, unsigned parser) {
        m_parsed[m_order[position]].ready.store(true);
        if (position % k_check_every != k_check_every - 1) return;
        check_ready();
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
            if (m_parsed[index].migration) migrations.push_back(std::move(*m_parsed[index].migration));
        }
        m_checked_migrations.clear();
        return migrations;
    }

    SchemaState& schema() { return m_pass.schema(); }
    std::vector<ParsedFile>& files() { return m_parsed; }

private:
    [[nodiscard]] bool ready(std::size_t position) const {
        const auto index = m_order[position];
        return m_parsed[index].ready.load() && m_pairs.complete(index, m_parsed);
    }

    void check_ready() {
        while (m_checking.try_lock()) {
            auto next = m_next;
            while (next < m_order.size() && ready(next)) check(next++);
            m_next = next;
            m_checking.unlock();
            // A file that got ready while this thread held the lock found it taken: look again.
            if (next == m_order.size() || !ready(next)) return;
        }
    }

    void check(std::size_t position) {
        const auto index = m_order[position];
        m_pairs.join(index, m_parsed);
        auto& file = m_parsed[index];
        if (!file.migration) return;  // not read: an error, no migration
        auto& migration = *file.migration;
        annotate_transactions(migration, m_rules.settings);
        m_checked_migrations.push_back(&migration);
        m_pass.check_migration(static_cast<MigrationIndex>(m_checked_migrations.size() - 1));
        m_returned.give_back(file.parser, migration);  // later migrations see only the replayed schema
    }

    std::vector<std::size_t> m_order;  // file indices in history order
    std::vector<ParsedFile> m_parsed;
    NamePairs m_pairs;
    const RuleSet& m_rules;
    std::vector<const Migration*> m_checked_migrations;  // what the pass indexes: read files, in history order
    HistoryPass m_pass;
    ReturnedOperations m_returned;
    unsigned m_threads;
    std::mutex m_checking;   // held by the thread checking
    std::size_t m_next = 0;  // the first position not checked
};

}  // namespace

std::optional<LintOutput> lint_sql_streamed(const DiscoveredFiles& discovered,
                                            const std::vector<alembic::AlembicProject>& projects,
                                            std::vector<std::string> notes, const Settings& settings,
                                            const SourceOverlay& overlay) {
    const auto& files = discovered.files;
    if (files.empty() || std::any_of(files.begin(), files.end(), is_python)) return std::nullopt;
    auto rules = resolve_rules(settings);
    if (!rules) return std::nullopt;
    LintOutput output;
    // A size source that fails is an error and the lint goes on without it.
    Settings sized = settings;
    read_table_sizes(sized, output.errors);
    const RuleSet rule_set(sized, *rules);
    const auto threads = static_cast<unsigned>(std::min<std::size_t>(job_count(settings.jobs), files.size()));
    StreamedHistory history(files, rule_set, threads);
    parallel_for_workers(files.size(), threads, [&](std::size_t position, unsigned thread) {
        const auto index = history.file_at(position);
        auto& file = history.file(index);
        file.parser = thread;
        const auto failure = run_guarded(files[index], [&] {
            if (auto text = read_source(files[index], settings.max_file_bytes, overlay)) {
                file.migration = parse_migration(std::make_shared<const SourceText>(files[index], std::move(*text)));
                std::map<std::string, std::string> decisions;
                mark_other_database(*file.migration, owning_project(projects, files[index]), nullptr, settings, decisions);
                add_decision_notes(decisions, file.notes);
                file.source = file.migration->source.get();
                file.suppressions = find_suppressions(*file.source);  // here, on every thread, not after the check
            } else {
                file.error = text.error();
            }
        });
        if (failure) {  // not read: no migration, so the check skips it
            file.source = nullptr;
            file.suppressions.clear();
            file.migration.reset();
            file.error = failure;
        }
        history.parsed(position, thread);  // even after a failure: the files after it wait for this one
    });
    auto migrations = history.take_checked(output.findings);
    output.files_linted = migrations.size();
    output.graph_only = count_graph_only(migrations);
    FoundSuppressions suppressions;
    suppressions.reserve(migrations.size());
    for (auto& file : history.files()) {
        if (file.source != nullptr) suppressions.emplace(file.source, std::move(file.suppressions));
    }
    finish_findings(output, migrations, sized, *rules, &suppressions);
    // Errors and notes in the order of the discovered files, as the lint of a parsed history gives them.
    output.errors.insert(output.errors.begin(), discovered.errors.begin(), discovered.errors.end());
    for (const auto& file : history.files()) {
        if (file.error) output.errors.push_back(*file.error);
        notes.insert(notes.end(), file.notes.begin(), file.notes.end());
    }
    output.notes = std::move(notes);
    // What the lint built and no longer reads, freed later, off the way to the report.
    struct Spent {
        SchemaState schema;
        std::vector<ParsedFile> files;
        std::vector<Migration> migrations;
    };
    output.spent = std::make_shared<Spent>(
        Spent{std::move(history.schema()), std::move(history.files()), std::move(migrations)});
    return output;
}

}  // namespace miglint

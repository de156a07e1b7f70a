// Runs the rules over ordered migrations, replaying the schema state as it goes.
#include "lint.hpp"
#include <miglint/parse_cache.hpp>

#include "alembic/alembic_frontend.hpp"
#include "alembic_projects.hpp"
#include "discover.hpp"
#include "guarded.hpp"
#include "history_pass.hpp"
#include <miglint/input_check.hpp>
#include "lint_stages.hpp"
#include "pair_directions.hpp"
#include <miglint/parallel.hpp>
#include "path_glob.hpp"
#include "source_overlay.hpp"
#include "streamed_lint.hpp"
#include "transactions.hpp"
#include "table_sizes.hpp"
#include "sql/sql_frontend.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

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

struct CheckedHistory {
    std::vector<Finding> findings;
    std::shared_ptr<const std::vector<SchemaState>> schemas;  // each run's, at its end
};

// Runs every rule over the ordered history, one run per thread (see
// run_bounds). The schema a rule sees depends only on the migrations before
// it, and findings are joined in run order, the order one thread would have
// produced, so output does not depend on the thread count.
CheckedHistory check_history(const RuleSet& rules, std::vector<Migration>& ordered, unsigned jobs) {
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

}  // namespace

Result<std::vector<const Rule*>> resolve_rules(const Settings& settings) {
    const auto check_known = [](const std::set<std::string>& ids, std::string_view where) -> std::optional<Error> {
        for (const auto& id : ids) {
            if (id != "all" && find_rule(id) == nullptr && !is_rule_group(id)) {
                return Error{"unknown rule id or group `" + id + "` in " + std::string(where) + " (see `miglint rules`)", "", {}};
            }
        }
        return std::nullopt;
    };
    if (auto e = check_known(settings.select, "select")) return *e;
    if (auto e = check_known(settings.enable, "enable")) return *e;
    if (auto e = check_known(settings.ignore, "ignore")) return *e;
    const bool select_all = settings.select.count("all") > 0 || settings.enable.count("all") > 0;
    // An id names one rule; a group ("style") every rule tagged with it.
    const auto named_in = [](const std::set<std::string>& names, const Rule& rule) {
        return std::any_of(names.begin(), names.end(), [&](const std::string& name) { return rule_matches(rule, name); });
    };
    std::vector<const Rule*> rules;
    for (const auto* rule : all_rules()) {
        bool on = settings.select.empty() ? rule->enabled_by_default : named_in(settings.select, *rule);
        if (select_all || named_in(settings.enable, *rule)) on = true;
        if (named_in(settings.ignore, *rule)) on = false;
        if (on) rules.push_back(rule);
    }
    return rules;
}

std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source,
                                         const std::set<std::string>& postgres_engines) {
    // The extension as std::filesystem reads it (".py" alone is a hidden file's name), without building a path.
    const std::string_view path = source->path();
    const auto name = path.substr(path.rfind('/') + 1);
    if (name.size() > 3 && name.ends_with(".py")) return alembic::parse_revision(std::move(source), postgres_engines);
    return sql::parse_sql_file(std::move(source));
}

std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source) {
    return parse_migration(std::move(source), alembic::default_postgres_engines());
}

LintOutput lint_migrations(std::vector<Migration> ordered, const Settings& settings) {
    LintOutput output;
    auto rules = resolve_rules(settings);
    if (!rules) {
        output.errors.push_back(rules.error());
        return output;
    }
    for (auto& m : ordered) annotate_transactions(m, settings);
    // A size source that fails is an error and the lint goes on without it.
    Settings sized = settings;
    read_table_sizes(sized, output.errors);
    output.files_linted = ordered.size();
    output.graph_only = count_graph_only(ordered);
    auto checked = check_history(RuleSet(sized, *rules), ordered, settings.jobs);
    output.findings = std::move(checked.findings);
    output.spent = std::move(checked.schemas);
    finish_findings(output, ordered, sized, *rules);
    return output;
}

namespace {

// lint_paths, with the parses of `cache` when it is not null.
LintOutput lint_paths_reusing(const std::vector<std::string>& paths, const Settings& settings,
                              const SourceOverlay& overlay, ParseCache* cache) {
    auto discovered = discover(paths);
    std::vector<std::string> notes;
    const auto projects = load_alembic_projects(discovered.alembic_inis, settings, notes, discovered.errors);
    // The language server's lints copy parses from its cache: they take the parsed-history path.
    if (cache == nullptr) {
        if (auto streamed = lint_sql_streamed(discovered, projects, notes, settings, overlay)) return std::move(*streamed);
    }
    struct Parsed {
        std::optional<Migration> migration;
        std::optional<Error> error;
        const alembic::AlembicProject* project = nullptr;
        std::optional<ParseCache::Entry> fresh;  // a parse to store in the cache
    };
    std::vector<Parsed> parsed(discovered.files.size());
    for (std::size_t i = 0; i < parsed.size(); ++i) parsed[i].project = owning_project(projects, discovered.files[i]);
    const auto parse_file = [&](std::size_t i) {
        const auto& path = discovered.files[i];
        auto text = read_source(path, settings.max_file_bytes, overlay);
        if (!text) {
            parsed[i].error = text.error();
            return;
        }
        const auto* project = parsed[i].project;
        const auto& engines = project != nullptr && !project->engines.empty() ? project->postgres_engines
                                                                              : alembic::default_postgres_engines();
        if (cache == nullptr) {
            parsed[i].migration = parse_migration(std::make_shared<const SourceText>(path, std::move(*text)), engines);
            return;
        }
        if (const auto* hit = cache->find(path, *text, engines)) {
            parsed[i].migration = hit->migration;
            return;
        }
        auto source = std::make_shared<const SourceText>(path, std::move(*text));
        parsed[i].migration = parse_migration(source, engines);
        parsed[i].fresh = ParseCache::Entry{std::move(source), engines, parsed[i].migration};
    };
    parallel_for(discovered.files.size(), settings.jobs, [&](std::size_t i) {
        if (auto failure = run_guarded(discovered.files[i], [&] { parse_file(i); })) {
            parsed[i].migration.reset();
            parsed[i].fresh.reset();
            parsed[i].error = std::move(failure);
        }
    });
    if (cache != nullptr) {
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            if (parsed[i].fresh) {
                cache->parsed(std::move(*parsed[i].fresh));
            } else if (!parsed[i].error) {
                cache->reused(discovered.files[i]);
            }
        }
        cache->end_lint();
    }
    std::vector<Migration> migrations;
    migrations.reserve(parsed.size());
    std::vector<Error> errors;
    AlembicEnvironments environments(settings, overlay);
    std::map<std::string, std::string> decisions;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        if (parsed[i].error) {
            errors.push_back(*parsed[i].error);
            continue;
        }
        if (!parsed[i].migration) {
            notes.push_back(discovered.files[i] + ": not an Alembic revision (no `revision =` or upgrade()): skipped");
            continue;
        }
        auto& migration = *parsed[i].migration;
        if (parsed[i].project != nullptr && migration.kind == FileKind::alembic_revision) {
            migration.group = parsed[i].project->ini.string();
        }
        const auto* env =
            migration.kind == FileKind::alembic_revision ? environments.of_revision(migration.path()) : nullptr;
        mark_other_database(migration, parsed[i].project, env, settings, decisions);
        if (env != nullptr && !migration.not_postgres) apply_environment(migration, *env, settings, decisions);
        migrations.push_back(std::move(migration));
    }
    add_decision_notes(decisions, notes);
    pair_down_files(migrations);
    order_migrations(migrations);
    auto output = lint_migrations(std::move(migrations), settings);
    output.errors.insert(output.errors.begin(), discovered.errors.begin(), discovered.errors.end());
    output.errors.insert(output.errors.end(), errors.begin(), errors.end());
    output.notes.insert(output.notes.end(), notes.begin(), notes.end());
    return output;
}

}  // namespace

LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings, const SourceOverlay& overlay) {
    return lint_paths_reusing(paths, settings, overlay, nullptr);
}

LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings, const SourceOverlay& overlay,
                      ParseCache& cache) {
    return lint_paths_reusing(paths, settings, overlay, &cache);
}

LintOutput lint_text(const std::string& path, std::string text, const Settings& settings) {
    LintOutput output;
    if (text.size() > settings.max_file_bytes) {
        output.errors.push_back({over_size_limit("input", std::nullopt, settings.max_file_bytes), path, {}});
        return output;
    }
    std::optional<Migration> migration;
    if (auto failure = run_guarded(
            path, [&] { migration = parse_migration(std::make_shared<const SourceText>(path, std::move(text))); })) {
        output.errors.push_back(std::move(*failure));
        return output;
    }
    if (migration && matches_any(settings.non_postgres_paths, migration->path())) migration->not_postgres = true;
    if (!migration) {
        output.notes.push_back(path + ": not an Alembic revision: skipped");
        return output;
    }
    std::vector<Migration> one;
    one.push_back(std::move(*migration));
    return lint_migrations(std::move(one), settings);
}

}  // namespace miglint

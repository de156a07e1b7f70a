// The pipeline's entry points: discover, read, parse (front_ends.hpp), pair
// directions (pair_directions.hpp), order (history_order.hpp), check on one of
// two schedules (check_while_parsing.hpp, check_in_runs.hpp), finish
// (lint_stages.hpp); the caller reports.
#include "lint.hpp"

#include "alembic_projects.hpp"
#include "check_in_runs.hpp"
#include "check_while_parsing.hpp"
#include "discover.hpp"
#include "front_ends.hpp"
#include "guarded.hpp"
#include "history_order.hpp"
#include "lint_file.hpp"
#include "lint_stages.hpp"
#include "pair_directions.hpp"
#include "path_glob.hpp"
#include "resolved_at_head.hpp"
#include "table_sizes.hpp"
#include "transactions.hpp"

#include <miglint/input_check.hpp>
#include <miglint/parallel.hpp>
#include <miglint/parse_cache.hpp>

#include <algorithm>
#include <map>

namespace miglint {

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

namespace {

// lint_migrations with the rules `settings` resolved to (or the error that they do not).
LintOutput lint_ordered(std::vector<Migration> ordered, const Settings& settings,
                        const Result<std::vector<const Rule*>>& rules) {
    LintOutput output;
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
    auto checked = check_in_runs(RuleSet(sized, *rules), ordered, settings.jobs);
    output.findings = std::move(checked.findings);
    if (!checked.schemas->empty()) drop_resolved_at_head(output.findings, checked.schemas->back());
    output.spent = std::move(checked.schemas);
    finish_findings(output, ordered, sized, *rules);
    return output;
}

// Every file's front end orders by name: the history's order is known before any file is parsed.
bool ordered_by_name(const DiscoveredFiles& discovered) {
    return std::all_of(discovered.files.begin(), discovered.files.end(),
                       [](const DiscoveredFile& file) { return front_end_for(file.path).ordered_by_name; });
}

// The order of a history known from its paths alone (ordered_by_name).
std::vector<std::size_t> order_by_name(const DiscoveredFiles& discovered) {
    std::vector<HistoryEntry> entries;
    entries.reserve(discovered.files.size());
    for (const auto& file : discovered.files) {
        entries.push_back({file.path, &file.layout, replay_group(file.path, file.layout), nullptr});
    }
    return history_order(entries);
}

// Parses every file (on every thread), then pairs, orders and checks the
// history in runs: the schedule for histories whose order needs their files
// parsed (Alembic's revision graph), and for the language server's cached parses.
LintOutput check_after_parsing(const LintRun& run, const Result<std::vector<const Rule*>>& rules) {
    const auto& found = run.discovered.files;
    parallel_for(found.size(), run.settings.jobs, [&](std::size_t i) {
        if (auto failure = run_guarded(found[i].path, [&] { read_and_parse(run, i); })) fail_file(run, i, *failure);
    });
    if (run.cache != nullptr) {
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (run.files[i].fresh) {
                run.cache->parsed(std::move(*run.files[i].fresh));
            } else if (!run.files[i].error) {
                run.cache->reused(found[i].path);
            }
        }
        run.cache->end_lint();
    }
    for (std::size_t i = 0; i < found.size(); ++i) settle_database(run, i);  // in file order: env.py is read once
    run.pairs.join_all([&](std::size_t i) { return run.migration_at(i); });
    std::vector<std::size_t> parsed;
    std::vector<HistoryEntry> entries;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const auto* migration = run.migration_at(i);
        if (migration == nullptr) continue;
        parsed.push_back(i);
        const bool is_revision = migration->kind == FileKind::alembic_revision;
        entries.push_back({found[i].path, &found[i].layout, replay_group(*migration),
                           is_revision ? &migration->revision : nullptr});
    }
    std::vector<Migration> ordered;
    ordered.reserve(entries.size());
    for (const auto position : history_order(entries)) ordered.push_back(std::move(*run.files[parsed[position]].migration));
    return lint_ordered(std::move(ordered), run.settings, rules);
}

// lint_paths, with the parses of `cache` when it is not null: discover, then
// read, parse, pair, order and check on one of two schedules, then finish.
LintOutput lint_paths_reusing(const std::vector<std::string>& paths, const Settings& settings,
                              const SourceOverlay& overlay, ParseCache* cache) {
    const auto discovered = discover(paths);
    auto errors = discovered.errors;
    std::vector<std::string> notes = discovered.notes;
    const auto projects = load_alembic_projects(discovered.alembic_inis, settings, notes, errors);
    std::vector<LintFile> files(discovered.files.size());
    for (std::size_t i = 0; i < files.size(); ++i) files[i].project = owning_project(projects, discovered.files[i].path);
    DirectionPairs pairs(discovered.files);
    AlembicEnvironments environments(settings, overlay);
    const LintRun run{discovered, files, pairs, environments, settings, overlay, cache};
    // Checking while parsing needs the order before the parses, and frees each
    // file's operations once checked: the language server's cached parses stay whole.
    const auto rules = resolve_rules(settings);
    const bool stream = cache == nullptr && !files.empty() && rules && ordered_by_name(discovered);
    auto output = stream ? check_while_parsing(run, order_by_name(discovered), *rules)
                         : check_after_parsing(run, rules);
    // Errors and notes in the order of the discovered files, whichever schedule ran.
    output.errors.insert(output.errors.begin(), errors.begin(), errors.end());
    std::map<std::string, std::string> decisions;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].error) {
            output.errors.push_back(*files[i].error);
        } else if (!files[i].migration) {
            notes.push_back(discovered.files[i].path + ": not an Alembic revision (no `revision =` or upgrade()): skipped");
        }
        decisions.insert(files[i].decisions.begin(), files[i].decisions.end());
    }
    add_decision_notes(decisions, notes);
    output.notes.insert(output.notes.end(), notes.begin(), notes.end());
    return output;
}

}  // namespace

LintOutput lint_migrations(std::vector<Migration> ordered, const Settings& settings) {
    return lint_ordered(std::move(ordered), settings, resolve_rules(settings));
}

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

#include "lint_stages.hpp"

#include "history_order.hpp"
#include "path_glob.hpp"
#include <miglint/printable.hpp>
#include "report_scope.hpp"
#include "suppressions.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace miglint {
namespace {

bool ignored_for_path(const Settings& settings, const Finding& finding) {
    for (const auto& [glob, rules] : settings.per_path_ignores) {
        if (!path_matches(glob, finding.path())) continue;
        if (rules.count("*") > 0 || rules.count(finding.rule) > 0) return true;
        // A group ("style") names every rule tagged with it.
        const auto* rule = find_rule(finding.rule);
        if (rule != nullptr && std::any_of(rules.begin(), rules.end(), [&](const std::string& name) {
                return rule_matches(*rule, name);
            })) {
            return true;
        }
    }
    return false;
}

// A per-file-ignores glob that matches no linted file is most likely a typo: it silences nothing.
void warn_unmatched_ignores(const Settings& settings, const std::vector<Migration>& migrations,
                            std::vector<std::string>& warnings) {
    for (const auto& [glob, rules] : settings.per_path_ignores) {
        const bool matches = std::any_of(migrations.begin(), migrations.end(), [&](const Migration& m) {
            return path_matches(glob, m.path()) ||
                   (m.downgrade_source && path_matches(glob, m.downgrade_source->path()));
        });
        if (!matches) warnings.push_back("per-file-ignores: `" + glob + "` matches no linted file");
    }
}

// The first `quoted` name in `message` that `known` does not hold: what tells a copy from the first.
std::string first_new_name(const std::string& message, const std::string& known) {
    for (auto open = message.find('`'); open != std::string::npos; open = message.find('`', open + 1)) {
        const auto close = message.find('`', open + 1);
        if (close == std::string::npos) break;
        const auto name = message.substr(open, close - open + 1);
        if (known.find(name) == std::string::npos) return name;
        open = close;
    }
    return {};
}

// Findings of one rule at one place that differ in the object they name (a loop over
// tables in a revision, DROP TABLE a, b) are one thing to fix: the first keeps its
// message and help and names the others. Findings are sorted, so such a run is adjacent.
void merge_same_place(std::vector<Finding>& findings) {
    constexpr std::size_t k_names_listed = 10;
    const auto same_place = [](const Finding& a, const Finding& b) {
        return a.rule == b.rule && a.span.begin == b.span.begin && a.span.end == b.span.end && a.source == b.source;
    };
    std::size_t kept = 0;
    for (std::size_t i = 0; i < findings.size();) {
        std::size_t end = i + 1;
        while (end < findings.size() && same_place(findings[i], findings[end])) ++end;
        if (end - i > 1) {
            std::string names;
            std::size_t listed = 0;
            for (std::size_t k = i + 1; k < end && listed < k_names_listed; ++k) {
                const auto name = first_new_name(findings[k].message, findings[i].message);
                if (name.empty()) continue;
                names += (listed++ == 0 ? "" : ", ") + name;
            }
            const auto more = end - i - 1;
            findings[i].message += " (and " + std::to_string(more) + " more at this place" +
                                   (names.empty() ? std::string() : ": " + names + (listed < more ? ", ..." : "")) + ")";
        }
        if (kept != i) findings[kept] = std::move(findings[i]);
        ++kept;
        i = end;
    }
    findings.resize(kept);
}

}  // namespace

void check_sets(const RuleSet& rules, const std::vector<const Migration*>& ordered, std::vector<Finding>& findings) {
    std::map<std::string, std::vector<const Migration*>> by_directory;
    for (const auto* m : ordered) by_directory[replay_group(*m)].push_back(m);
    for (auto& [dir, group] : by_directory) {
        std::sort(group.begin(), group.end(),
                  [](const Migration* a, const Migration* b) { return a->path() < b->path(); });
        for (const auto* rule : rules.rules) {
            if (rule->check_set == nullptr) continue;
            Reporter out(*rule, rules.severity(*rule), *group.front(), findings);
            rule->check_set(SetContext(group, rules.settings), out);
        }
    }
}

void finish_findings(LintOutput& output, const std::vector<Migration>& migrations, const Settings& settings,
                     const std::vector<const Rule*>& ran, const FoundSuppressions* already_read) {
    auto& findings = output.findings;
    warn_unmatched_ignores(settings, migrations, output.warnings);
    std::erase_if(findings, [&](const Finding& f) { return ignored_for_path(settings, f); });
    // A configured severity is the last word, also where a rule escalates (a lock on a large table).
    if (!settings.severity_overrides.empty()) {
        for (auto& f : findings) {
            if (const auto it = settings.severity_overrides.find(f.rule); it != settings.severity_overrides.end()) {
                f.severity = it->second;
            }
        }
    }
    sort_findings(findings);
    // A finding repeated word for word at one place (an operation a loop or a helper call repeats,
    // one source span for every iteration) is one thing to fix. Sorted, the copies are adjacent;
    // findings at one place that differ (DROP TABLE a, b) all stay.
    const auto same_finding = [](const Finding& a, const Finding& b) {
        return a.rule == b.rule && a.span.begin == b.span.begin && a.span.end == b.span.end && a.message == b.message &&
               a.path() == b.path();
    };
    findings.erase(std::unique(findings.begin(), findings.end(), same_finding), findings.end());
    merge_same_place(findings);
    // A message can quote the file (a syntax error's token): bounded, so one hostile token cannot swell every format.
    for (auto& f : findings) {
        truncate_text(f.message, k_max_message_bytes);
        truncate_text(f.help, k_max_help_bytes);
    }
    // Suppressions, file by file (findings are sorted, so a file's findings are adjacent).
    std::map<const SourceText*, std::vector<Finding*>> by_source;
    std::vector<Finding*>* run = nullptr;
    const SourceText* run_source = nullptr;
    for (auto& f : findings) {
        if (f.source.get() != run_source) {  // one lookup per run of a file's findings
            run_source = f.source.get();
            run = &by_source[run_source];
        }
        run->push_back(&f);
    }
    const Rule* unused_rule = nullptr;
    std::set<std::string> ran_ids;
    for (const auto* rule : ran) {
        ran_ids.insert(std::string(rule->id));
        if (rule->id == "unused-suppression") unused_rule = rule;
    }
    std::vector<Finding> unused;
    // Every linted file, also those without findings: their directives may be unused.
    std::vector<std::shared_ptr<const SourceText>> sources;
    std::set<const SourceText*> listed;
    for (const auto& migration : migrations) {
        if (listed.insert(migration.source.get()).second) sources.push_back(migration.source);
    }
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& source = findings[i].source;
        if (i > 0 && source == findings[i - 1].source) continue;
        if (listed.insert(source.get()).second) sources.push_back(source);
    }
    for (const auto& source : sources) {
        std::vector<Suppression> read_now;
        const std::vector<Suppression>* known = nullptr;
        if (already_read != nullptr) {
            if (const auto it = already_read->find(source.get()); it != already_read->end()) known = &it->second;
        }
        if (known == nullptr) read_now = find_suppressions(*source);
        const auto& directives = known != nullptr ? *known : read_now;
        if (directives.empty()) continue;
        auto& group = by_source[source.get()];
        const auto used = apply_suppressions(directives, group);
        if (unused_rule == nullptr) continue;
        auto found =
            unused_suppressions(source, directives, used, ran_ids, *unused_rule, severity_of(*unused_rule, settings));
        std::move(found.begin(), found.end(), std::back_inserter(unused));
    }
    if (!unused.empty()) {
        std::erase_if(unused, [&](const Finding& f) { return ignored_for_path(settings, f); });
        findings.insert(findings.end(), std::make_move_iterator(unused.begin()), std::make_move_iterator(unused.end()));
        sort_findings(findings);
    }
    apply_report_scope(output, migrations, settings);
}

}  // namespace miglint

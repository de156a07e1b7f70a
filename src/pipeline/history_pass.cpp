#include "history_pass.hpp"

#include <deque>
#include <optional>
#include <string>

namespace miglint {

Severity severity_of(const Rule& rule, const Settings& settings) {
    const auto it = settings.severity_overrides.find(std::string(rule.id));
    return it != settings.severity_overrides.end() ? it->second : rule.default_severity;
}

RuleSet::RuleSet(const Settings& s, std::vector<const Rule*> r) : settings(s), rules(std::move(r)) {
    for (const auto* rule : rules) {
        const auto severity = severity_of(*rule, settings);
        severities.emplace(rule, severity);
        if (!rule->pg_versions.contains(settings.pg_version)) continue;
        // A downgrade runs when a deploy is rolled back: what would make it fail is always worth saying.
        const bool on_downgrades = settings.lint_downgrades || rule_matches(*rule, k_run_time_failure);
        if (rule->check != nullptr) {
            for (const auto kind : rule->applies_to) {
                dispatch[static_cast<std::size_t>(kind)].push_back({rule, severity});
                if (on_downgrades) downgrade_dispatch[static_cast<std::size_t>(kind)].push_back({rule, severity});
            }
        }
        if (rule->walk_migration != nullptr) {
            walkers.push_back(rule);
            if (on_downgrades) downgrade_walkers.push_back(rule);
        }
        checks_downgrades = checks_downgrades || (on_downgrades && (rule->check != nullptr || rule->walk_migration != nullptr));
    }
}

Severity RuleSet::severity(const Rule& rule) const {
    const auto it = severities.find(&rule);
    return it != severities.end() ? it->second : severity_of(rule, settings);
}

const Rule* RuleSet::enabled(std::string_view id) const {
    for (const auto* rule : rules) {
        if (rule->id == id) return rule;
    }
    return nullptr;
}

void HistoryPass::check_migration(MigrationIndex index) {
    // Sorted while they are fresh in the cache, a migration's findings need no
    // sorting later when the history is in path order, as it mostly is.
    const auto first = m_findings.size();
    run_rules(index);
    sort_findings(std::span(m_findings).subspan(first));
}

void HistoryPass::run_rules(MigrationIndex index) {
    const auto& migration = *m_ordered[static_cast<std::size_t>(index)];
    const auto& settings = m_rules.settings;
    // Written for another database: its SQL and Python are that database's,
    // so only the revision graph (check_sets) is checked.
    if (migration.not_postgres) {
        m_schema.end_migration(false, migration.path());
        return;
    }
    report_diagnostics(migration);
    for (const auto* rule : m_rules.rules) {
        if (rule->check_migration == nullptr || !rule->pg_versions.contains(settings.pg_version)) continue;
        Reporter out(*rule, m_rules.severity(*rule), migration, m_findings);
        rule->check_migration(migration, MigrationContext(index, m_schema, settings), out);
    }
    check_operations(migration, index, migration.upgrade, m_schema, m_rules.dispatch, m_rules.walkers);
    m_schema.end_migration(migration.run_transaction_continues, migration.path());
    check_downgrade(migration, index);
}

namespace {

// The migration as its down file: findings on the downgrade point there, and
// a rule reading the source reads the file the operations came from.
Migration as_down_file(const Migration& migration) {
    Migration down;
    down.source = migration.downgrade_source;
    down.kind = migration.kind;
    down.runner = migration.runner;
    down.group = migration.group;
    down.version = migration.version;
    down.pair_key = migration.pair_key;
    down.is_down_file = true;
    return down;
}

}  // namespace

void HistoryPass::check_downgrade(const Migration& migration, MigrationIndex index) {
    const auto& ops = migration.downgrade;
    if (ops.empty() || !m_rules.checks_downgrades) return;
    std::optional<Migration> down_file;
    if (migration.downgrade_source) down_file.emplace(as_down_file(migration));
    const auto& where = down_file ? *down_file : migration;
    SchemaState::Names names;
    for (const auto& op : ops) names.add(op);
    auto schema = m_schema.subset(names);
    check_operations(where, index, ops, schema, m_rules.downgrade_dispatch, m_rules.downgrade_walkers);
}

void HistoryPass::note_fix_withheld(const Operation& op, std::size_t first) {
    std::string_view why;  // a literal: the finding keeps the view
    if (op.from_do_block) {
        why = "the statement runs inside a DO block or an EXECUTE string, where no fix can be placed";
    } else if (op.from_sql_string && op.sql_call.empty()) {
        why = "the statement shares its op.execute() string with others, where no fix can be placed";
    } else {
        return;
    }
    for (auto i = first; i < m_findings.size(); ++i) {
        if (!m_findings[i].fix) m_findings[i].fix_withheld = why;
    }
}

void HistoryPass::check_operations(const Migration& where, MigrationIndex index, const std::vector<Operation>& ops,
                                   SchemaState& schema, const RuleSet::Dispatch& dispatch,
                                   const std::vector<const Rule*>& walker_rules) {
    const auto& settings = m_rules.settings;
    // Walking rules share this replay: a copy of the schema each would cost more than their checks.
    std::deque<Reporter> walk_reporters;
    std::vector<std::pair<const Rule*, OperationVisitor>> walkers;
    for (const auto* rule : walker_rules) {
        auto& out = walk_reporters.emplace_back(*rule, m_rules.severity(*rule), where, m_findings);
        walkers.emplace_back(rule, rule->walk_migration(where, MigrationContext(index, schema, settings), out));
    }
    for (std::size_t position = 0; position < ops.size(); ++position) {
        const auto& op = ops[position];
        for (const auto& [rule, severity] : dispatch[static_cast<std::size_t>(op.kind())]) {
            const auto before = m_findings.size();
            Reporter out(*rule, severity, where, m_findings);
            rule->check(op, RuleContext(where, index, ops, position, schema, settings, *rule), out);
            if (m_findings.size() != before && rule->fix != FixAvailability::never) note_fix_withheld(op, before);
        }
        for (auto& [rule, visit] : walkers) {
            if (visit && !visit(op, RuleContext(where, index, ops, position, schema, settings, *rule))) visit = nullptr;
        }
        schema.apply(op, index);
    }
}

namespace {

// "PostgreSQL 15, the version set in the config", for the requires-newer-postgres message.
std::string configured_version(const Settings& settings) {
    const auto& configured = settings.pg_version;
    const auto version = "PostgreSQL " + (configured.minor == 0 ? std::to_string(configured.major) : configured.display());
    switch (settings.pg_version_from) {
        case PgVersionFrom::default_version: return version + " (miglint's default, as no pg-version is set)";
        case PgVersionFrom::config: return version + ", the pg-version set in the config,";
        case PgVersionFrom::command_line: return version + ", the --pg-version given,";
        case PgVersionFrom::database: return version + ", the --database-url server's version,";
    }
    return version;
}

}  // namespace

void HistoryPass::report_diagnostics(const Migration& migration) {
    const auto& settings = m_rules.settings;
    for (const auto& diagnostic : migration.diagnostics) {
        // Syntax of a later release than the configured one; none before it.
        const bool versioned = diagnostic.needs > PgVersion{0, 0};
        if (versioned && settings.pg_version >= diagnostic.needs) continue;
        const auto* rule = m_rules.enabled(diagnostic.rule);
        if (rule == nullptr) continue;
        Reporter out(*rule, m_rules.severity(*rule), migration, m_findings);
        auto message = versioned ? diagnostic.message + ": " + configured_version(settings) + " rejects it" : diagnostic.message;
        out.report(diagnostic.span, std::move(message)).help(diagnostic.help);
    }
}

}  // namespace miglint

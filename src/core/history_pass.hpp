// One pass of the rules over a run of consecutive migrations, replaying the
// schema as it goes: what check_history (core/engine.cpp) runs per thread.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/migration.hpp>
#include <miglint/rule.hpp>
#include <miglint/schema.hpp>
#include <miglint/settings.hpp>

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace miglint {

// The rule's severity after the config's overrides.
Severity severity_of(const Rule& rule, const Settings& settings);

// The rules and settings of one run, shared read-only by every pass.
struct RuleSet {
    RuleSet(const Settings& s, std::vector<const Rule*> r);

    // The rule's severity after the config's overrides, looked up once per run, not per operation.
    [[nodiscard]] Severity severity(const Rule& rule) const;

    [[nodiscard]] const Rule* enabled(std::string_view id) const;

    const Settings& settings;
    std::vector<const Rule*> rules;
    // An operation rule with its severity: the pair every operation of its kinds is checked with.
    struct Dispatched {
        const Rule* rule;
        Severity severity;
    };
    // The operation rules of each kind, and the walking rules, that apply to this PostgreSQL version.
    std::array<std::vector<Dispatched>, k_op_kind_count> dispatch;
    std::vector<const Rule*> walkers;
    std::unordered_map<const Rule*, Severity> severities;
};

// Checks a run of consecutive migrations, replaying the schema from the state
// the history had before the first of them. `ordered` is the whole history.
class HistoryPass {
public:
    HistoryPass(const RuleSet& rules, SchemaState start, const std::vector<const Migration*>& ordered)
        : m_rules(rules), m_schema(std::move(start)), m_ordered(ordered) {}

    void check_migration(MigrationIndex index);
    std::vector<Finding>& findings() { return m_findings; }
    SchemaState& schema() { return m_schema; }

private:
    void run_rules(MigrationIndex index);
    void report_diagnostics(const Migration& migration);

    const RuleSet& m_rules;
    SchemaState m_schema;
    const std::vector<const Migration*>& m_ordered;
    std::vector<Finding> m_findings;
};

}  // namespace miglint

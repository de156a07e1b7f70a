// One pass of the rules over a run of consecutive migrations, replaying the
// schema as it goes: what check_in_runs runs per thread, and check_while_parsing
// as files get ready.
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
    using Dispatch = std::array<std::vector<Dispatched>, k_op_kind_count>;
    Dispatch dispatch;
    std::vector<const Rule*> walkers;
    // The same for downgrades: the rules that predict a run-time failure, or
    // every rule with lint-downgrades. Empty when nothing checks downgrades.
    Dispatch downgrade_dispatch;
    std::vector<const Rule*> downgrade_walkers;
    bool checks_downgrades = false;
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
    // Runs the downgrade's rules on the schema the upgrade left, without
    // changing it: the history goes on from the upgrade.
    void check_downgrade(const Migration& migration, MigrationIndex index);
    // Runs `dispatch`'s operation rules and the walking rules over `ops`,
    // reporting in `where` and replaying each op into `schema` after its checks.
    void check_operations(const Migration& where, MigrationIndex index, const std::vector<Operation>& ops,
                          SchemaState& schema, const RuleSet::Dispatch& dispatch, const std::vector<const Rule*>& walker_rules);
    void report_diagnostics(const Migration& migration);
    // Says on the findings from `first` on, which came without a fix from a
    // rule that has one, why: `op` sits where a fix has no place.
    void note_fix_withheld(const Operation& op, std::size_t first);

    const RuleSet& m_rules;
    SchemaState m_schema;
    const std::vector<const Migration*>& m_ordered;
    std::vector<Finding> m_findings;
};

}  // namespace miglint

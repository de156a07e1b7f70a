// A `miglint: ignore` directive that suppresses nothing, or names an unknown rule id.
// No lock: this rule is about the migration's comments, not what PostgreSQL does.
#include <miglint/rule.hpp>

namespace miglint::rules {

// Only the engine knows what each directive suppressed, after every other rule
// ran, so it reports this rule itself (src/pipeline/engine.cpp, `finish`, through
// `unused_suppressions` in src/pipeline/suppressions.cpp).
void check_after_suppressions(const Migration&, const MigrationContext&, Reporter&) {}

const Rule& unused_suppression() {
    static const Rule rule{
        .id = "unused-suppression",
        .summary = "A `miglint: ignore` directive that suppresses no finding, or names an unknown rule id.",
        .default_severity = Severity::info,
        // Opt-in (extend-select), as ruff's unused-noqa: a project adopting
        // miglint should not get findings about its own comments first.
        .enabled_by_default = false,
        .check_migration = &check_after_suppressions,
        .tags = {"suppression"},
    };
    return rule;
}

}  // namespace miglint::rules

// The rule API: metadata plus pure check functions over operations.
//
// A rule lives in rules/<id>.cpp and defines `const Rule& rules::<id_snake>()`;
// the build generates the registry from the file names.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/migration.hpp>
#include <miglint/operation.hpp>
#include <miglint/pg_version.hpp>
#include <miglint/schema.hpp>
#include <miglint/settings.hpp>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

enum class FixAvailability { never, sometimes, always };

// The kind of a rule's fixes: `--fix` applies safe ones, which keep what the
// migration does; unsafe ones (they change the transaction structure, add
// statements, or leave work for later) wait for `--unsafe-fixes`.
enum class FixSafety { safe, unsafe, safe_or_unsafe };

struct RuleOption {
    std::string_view name;
    std::string_view type;           // "int", "bool", "string", "list"
    std::string_view default_value;
    std::string_view meaning;
};

class Reporter;
class RuleContext;
class MigrationContext;
class SetContext;

using CheckOperation = void (*)(const Operation&, const RuleContext&, Reporter&);
using CheckMigration = void (*)(const Migration&, const MigrationContext&, Reporter&);
using CheckSet = void (*)(const SetContext&, Reporter&);
// A rule that follows a migration's upgrade operation by operation, keeping
// state across them (a lock still held, "reported once"), on the engine's own
// schema replay. The engine calls `walk` before the first operation, then the
// visitor it returns on each operation with the context an operation rule
// gets, until the visitor returns false. `Reporter` outlives the visitor.
using OperationVisitor = std::function<bool(const Operation&, const RuleContext&)>;
using WalkMigration = OperationVisitor (*)(const Migration&, const MigrationContext&, Reporter&);

struct Rule {
    std::string_view id;
    std::string_view summary;        // one sentence, the doc page's first line
    Severity default_severity = Severity::warning;
    bool enabled_by_default = true;
    std::string_view lock;           // strongest mode any flagged statement takes on the table, or "" (proven by tests/fixtures/<rule>/lock-truth.sql)
    std::string_view blocks;         // "reads and writes", "writes", "DDL", or ""
    bool rewrites_table = false;
    bool scans_table = false;
    VersionRange pg_versions;
    FixAvailability fix = FixAvailability::never;
    FixSafety fix_safety = FixSafety::safe;  // with a fix: its kind (tests/test_rules_fixes.cpp checks it)
    std::string_view fix_does;               // with a fix: what it does, one line for `miglint explain`
    std::vector<OpKind> applies_to;  // the engine dispatches only these kinds
    std::vector<RuleOption> options;
    CheckOperation check = nullptr;
    CheckMigration check_migration = nullptr;
    CheckSet check_set = nullptr;
    WalkMigration walk_migration = nullptr;
    std::vector<std::string_view> tags;  // "locking", "data-loss", "alembic", ...
};

// Every rule, sorted by id. These three are defined by the registry the build
// generates from rules/ (rules/registry.cpp.in), so code that calls them links
// miglint_rules.
std::span<const Rule* const> all_rules();
// The rule named `id`, or null.
const Rule* find_rule(std::string_view id);
// True when `name` is a group of rules: a tag some rule carries ("style",
// "locking", "alembic"), which select, extend-select and ignore accept like an id.
bool is_rule_group(std::string_view name);
// True when `name` is `rule`'s id or one of its tags.
bool rule_matches(const Rule& rule, std::string_view name);

// The tag of the rules whose findings predict that the statement fails when
// it runs: they check downgrades too, which run when a deploy is rolled back.
inline constexpr std::string_view k_run_time_failure = "run-time-failure";

// Collects the findings of the rule being run; `report` returns a builder.
class Reporter {
public:
    class Builder {
    public:
        explicit Builder(Finding& finding) : m_finding(&finding) {}
        Builder& help(std::string text);
        // Adds `fix` when it has a value: a fix helper returns empty when unsure.
        Builder& fix(std::optional<Fix> fix);
        Builder& severity(Severity severity);
        // Drops the finding when `resolved` holds for the schema the whole
        // history leaves (Finding::resolved_at_head).
        Builder& unless_at_head(std::function<bool(const SchemaState& head)> resolved);

    private:
        Finding* m_finding;
    };

    Reporter(const Rule& rule, Severity severity, const Migration& migration, std::vector<Finding>& sink);

    // Reports at `span` of the migration being checked.
    Builder report(Span span, std::string message);
    // Reports in another migration of the set (set-level rules).
    Builder report(const Migration& where, Span span, std::string message);
    // Reports in `source`: a migration's down file, where its downgrade lives.
    Builder report(const std::shared_ptr<const SourceText>& source, Span span, std::string message);

private:
    const Rule* m_rule;
    Severity m_severity;
    const Migration* m_migration;
    std::vector<Finding>* m_sink;
};

// What an operation rule may know besides the operation.
class RuleContext {
public:
    RuleContext(const Migration& migration, MigrationIndex index, const std::vector<Operation>& ops,
                std::size_t position, const SchemaState& schema, const Settings& settings, const Rule& rule);

    [[nodiscard]] const Migration& migration() const { return *m_migration; }
    [[nodiscard]] MigrationIndex migration_index() const { return m_index; }
    // The operations of the direction being checked, and this op's position in them.
    [[nodiscard]] const std::vector<Operation>& operations() const { return *m_ops; }
    [[nodiscard]] std::size_t position() const { return m_position; }
    [[nodiscard]] const SchemaState& schema() const { return *m_schema; }
    [[nodiscard]] const Settings& settings() const { return *m_settings; }
    [[nodiscard]] PgVersion pg_version() const { return m_settings->pg_version; }
    [[nodiscard]] bool is_alembic() const { return m_migration->kind == FileKind::alembic_revision; }

    // True when `table` was created by an earlier operation of this migration:
    // it is empty and no running code uses it yet.
    [[nodiscard]] bool created_in_this_migration(const QualifiedName& table) const;
    // The estimated rows of `table` when known: measured (statistics file,
    // database) first, then a count given in config; empty otherwise.
    [[nodiscard]] std::optional<std::uint64_t> large_table_rows(const QualifiedName& table) const;
    // Listed in config's large-tables, or measured at large-table-rows or more.
    [[nodiscard]] bool is_large_table(const QualifiedName& table) const;
    // A rule option as written, or `fallback`.
    [[nodiscard]] std::string option(std::string_view name, std::string_view fallback) const;

private:
    const Migration* m_migration;
    MigrationIndex m_index;
    const std::vector<Operation>* m_ops;
    std::size_t m_position;
    const SchemaState* m_schema;
    const Settings* m_settings;
    const Rule* m_rule;
};

// What a migration-level rule may know.
class MigrationContext {
public:
    MigrationContext(MigrationIndex index, const SchemaState& before, const Settings& settings)
        : m_index(index), m_before(&before), m_settings(&settings) {}

    [[nodiscard]] MigrationIndex index() const { return m_index; }
    // The schema as it was before this migration ran.
    [[nodiscard]] const SchemaState& schema_before() const { return *m_before; }
    [[nodiscard]] const Settings& settings() const { return *m_settings; }
    [[nodiscard]] PgVersion pg_version() const { return m_settings->pg_version; }

private:
    MigrationIndex m_index;
    const SchemaState* m_before;
    const Settings* m_settings;
};

// What a set-level rule (revision graph, file order) may know.
class SetContext {
public:
    SetContext(std::span<const Migration* const> migrations, const Settings& settings)
        : m_migrations(migrations), m_settings(&settings) {}
    // Every migration of one replay group (an Alembic project, else a
    // directory), in path order.
    [[nodiscard]] std::span<const Migration* const> migrations() const { return m_migrations; }
    [[nodiscard]] const Settings& settings() const { return *m_settings; }

private:
    std::span<const Migration* const> m_migrations;
    const Settings* m_settings;
};

}  // namespace miglint

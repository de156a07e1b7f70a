// A finding: what a rule reports, ready for any reporter.
#pragma once

#include <miglint/heap_value.hpp>
#include <miglint/source.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace miglint {

class SchemaState;

enum class Severity { info, warning, error };

std::string_view severity_name(Severity severity);
// Parses "info", "warning" or "error"; empty when `text` is none of them.
std::optional<Severity> parse_severity(std::string_view text);

// One replacement of the bytes in `span` by `replacement`.
struct Edit {
    Span span;
    std::string replacement;
    friend bool operator==(const Edit&, const Edit&) = default;
};

// A file a fix creates beside the finding's own: the runner's per-migration
// switch (Flyway's `<script>.conf`, diesel's `metadata.toml`). The fix is not
// applied when the file exists by then.
struct NewFile {
    std::string path;
    std::string text;
    friend bool operator==(const NewFile&, const NewFile&) = default;
};

// A migration of its own, right after the finding's, that a fix moves
// statements into where the runner has no other way to run them outside a
// transaction (golang-migrate and Prisma send a file as one query string;
// Flyway refuses a file that mixes CONCURRENTLY with other statements).
// `--fix` names it: a version free between this migration's and the next
// one's, in the layout's own form (`<version>_<title>.up.sql`, a folder
// `<version>_<title>/`, `V<version>__<title>.sql`).
struct SplitMigration {
    std::string title;  // lower_snake_case words for the new name
    std::string up;     // the statements, each ending in `;` and a newline
    std::string down;   // the down direction where the layout keeps one
    friend bool operator==(const SplitMigration&, const SplitMigration&) = default;
};

// A mechanical fix: edits applied together, described in one imperative phrase.
struct Fix {
    std::string description;
    std::vector<Edit> edits;
    // Changes the transaction structure, or leaves work the user must finish
    // (a constraint left NOT VALID): applied only with --unsafe-fixes, and
    // marked as such in the editor.
    bool unsafe = false;
    std::vector<NewFile> new_files;
    HeapOptional<SplitMigration> split;  // rare: kept off the finding itself

    // Only edits of the finding's own file: what an editor's quick fix and
    // SARIF's `fixes` can carry.
    [[nodiscard]] bool edits_own_file_only() const { return new_files.empty() && !split; }
};

struct Finding {
    std::string rule;
    Severity severity = Severity::warning;
    std::string message;
    std::string help;
    std::optional<Fix> fix;
    std::shared_ptr<const SourceText> source;
    Span span;
    bool suppressed = false;
    // A revision-graph finding in a file the run does not judge (--diff-base,
    // start-after, named files): the graph is judged whole, but reporters list
    // the change's own findings first.
    bool outside_scope = false;
    // Why the rule, which fixes findings like this one elsewhere, offers no
    // fix here: where the statement sits leaves the fix no place ("it runs
    // inside a DO block"). `--fix` names it; empty otherwise.
    std::string_view fix_withheld;  // a literal: findings are many, reasons few
    // For a hazard of the schema itself (a foreign key with no index), not of
    // the migration's run: true when the schema the whole history leaves no
    // longer has it (a later migration added the index, or dropped the key),
    // and the finding is then dropped. Empty for most findings.
    std::function<bool(const SchemaState& head)> resolved_at_head;

    [[nodiscard]] const std::string& path() const { return source->path(); }
    [[nodiscard]] Position start(ColumnUnit unit = ColumnUnit::code_points) const { return source->position(span.begin, unit); }
    [[nodiscard]] Position end(ColumnUnit unit = ColumnUnit::code_points) const { return source->position(span.end, unit); }
};

// Sorts by path, then start, rule id, end and message, the order every
// reporter uses; findings equal in all of those keep their order.
void sort_findings(std::span<Finding> findings);

}  // namespace miglint

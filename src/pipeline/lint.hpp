// The entry points of the pipeline: lint paths, or one text, and get findings and errors back.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/lint_output.hpp>
#include <miglint/migration.hpp>
#include <miglint/result.hpp>
#include <miglint/rule.hpp>
#include <miglint/settings.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace miglint {

class ParseCache;

// The rules `settings` selects, sorted by id; an unknown rule id is an error.
Result<std::vector<const Rule*>> resolve_rules(const Settings& settings);

// Unsaved editor buffers: absolute, normalised file path → the text to lint
// instead of what the file holds on disk.
using SourceOverlay = std::map<std::string, std::string>;

// Lints every migration found under `paths` (files or directories).
LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings);
// The same, reading each file listed in `overlay` from there instead of disk
// (the language server lints a folder with the editor's open buffers).
LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings, const SourceOverlay& overlay);
// The same, copying each file's parse from `cache` when its text has not
// changed since the lint that stored it, and storing the files it parses.
LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings, const SourceOverlay& overlay,
                      ParseCache& cache);

// Lints `text` as if it were the file at `path` (stdin, editors). Sibling
// migrations of `path` are not read.
LintOutput lint_text(const std::string& path, std::string text, const Settings& settings);

// Parses one file's text with the front end its name calls for; empty when
// the file is not a migration (a .py file that is not an Alembic revision).
std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source);
// The same, for a file of a multi-database Alembic project: only the
// `upgrade_<engine>()` functions of `postgres_engines` are read.
std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source,
                                         const std::set<std::string>& postgres_engines);

// Runs the rules over migrations already in run order.
LintOutput lint_migrations(std::vector<Migration> ordered, const Settings& settings);

}  // namespace miglint

// Configuration files: `[tool.miglint]` in pyproject.toml, or the top level
// of miglint.toml. Command-line flags are applied after, so they win.
#pragma once

#include <miglint/result.hpp>
#include <miglint/settings.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::config {

// The config file that governs `start` (a file or directory, existing or not):
// the nearest directory at or above it holding miglint.toml, or a
// pyproject.toml with a [tool.miglint] table. When one directory holds both,
// miglint.toml wins (it exists only to configure miglint). The walk stops at
// the repository's root (the first directory holding `.git`). Empty when none.
std::optional<std::filesystem::path> discover(const std::filesystem::path& start);

// Reads the config file at `path` into `settings`. An unknown key, an unknown
// rule id or a value of the wrong type is an error naming the file, line and
// column. A pyproject.toml without [tool.miglint] changes nothing.
// `table-stats` and `database-url` are never taken from a file: the
// repository being linted writes it, and must not choose a server to connect
// to (with the user's credentials) or a file to read; each is a warning in
// `warnings` naming the file, line and column, and is otherwise ignored.
Result<bool> load(const std::filesystem::path& path, Settings& settings, std::vector<Error>& warnings);

// The same for config `text` already read, as if it were the file at `path`
// (its name decides whether it is a pyproject.toml; nothing is read from disk).
Result<bool> load_text(std::string_view text, const std::filesystem::path& path, Settings& settings,
                       std::vector<Error>& warnings);

// Discovers the config file governing `start` and loads it into `settings`,
// as the command line does for a linted path; returns the file read, or
// empty when there is none (or it configures nothing).
Result<std::optional<std::filesystem::path>> load_discovered(const std::filesystem::path& start, Settings& settings,
                                                             std::vector<Error>& warnings);

// The settings only the user's environment may give (config files may not):
// MIGLINT_TABLE_STATS and MIGLINT_DATABASE_URL, when set and not empty.
// The command line's flags are applied after, so they win.
void apply_environment(Settings& settings);

}  // namespace miglint::config

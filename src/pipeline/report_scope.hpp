// Which findings a scoped run reports. The whole history is always read and
// replayed; a scope (--diff-base, start-after, files named on the command
// line) only decides whose findings are shown. Revision-graph findings are
// judged on the whole graph and always shown, marked when outside the scope.
#pragma once

#include <miglint/finding.hpp>
#include "lint.hpp"
#include <miglint/migration.hpp>
#include <miglint/result.hpp>
#include <miglint/settings.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace miglint {

// `path` absolute, lexically normal and with symlinks resolved as far as it
// exists: how judged files are spelled, so `./x`, a symlinked checkout and
// git's paths all compare equal.
std::string scope_key(const std::string& path);

// The files named explicitly among `paths` (pre-commit passes staged files),
// and the folders read for their context: the set each file belongs to, as
// discovery finds it from that folder (a <version>/up.sql's set is the folder
// above its version folder).
struct NamedFiles {
    std::vector<std::string> paths_to_read;  // directories as given, files replaced by their set's folder
    std::set<std::string> judged;            // scope keys of the named files; empty when none was a file
};
NamedFiles expand_named_files(const std::vector<std::string>& paths);

// Narrows what `settings` judges to `named` (no change when no file was named):
// with --diff-base as well, a file is judged when both judge it.
void judge_only_named(Settings& settings, const NamedFiles& named);

// Drops the findings of `output` outside the scope of `settings`
// (judged_files, start_after); they belong to `ordered` (history order).
// files_linted then counts the judged files, files_for_context the others.
// An error in `output` when start_after names no migration of the history.
void apply_report_scope(LintOutput& output, const std::vector<Migration>& ordered, const Settings& settings);

}  // namespace miglint

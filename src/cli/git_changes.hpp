// What a change touches, from git: the files `--diff-base REF` judges.
#pragma once

#include <miglint/result.hpp>

#include <set>
#include <string>
#include <vector>

namespace miglint::cli {

// The files added or modified between the merge base of `base` and HEAD, plus
// uncommitted and untracked ones in the work tree, as report-scope keys
// (core/report_scope.hpp). A file renamed without change is not counted.
// Every linted path must lie in the work tree that holds the first one. An
// error (one line naming the cause) outside a work tree, for an unknown
// `base`, a repository without commits, or a history without a merge base.
Result<std::set<std::string>> changed_files(const std::string& base, const std::vector<std::string>& linted_paths);

}  // namespace miglint::cli

// Matching linted paths against the globs of config (per-file-ignores,
// non-postgres-paths).
#pragma once

#include <string>
#include <vector>

namespace miglint {

// fnmatch(3) on the path as given; a glob without a `/` also matches the
// file name anywhere ("0001_*.py"), a relative glob with one also matches
// the path's trailing folders ("versions/0001_*.py" matches /repo/db/versions/0001_x.py).
bool path_matches(const std::string& glob, const std::string& path);
bool matches_any(const std::vector<std::string>& globs, const std::string& path);

}  // namespace miglint

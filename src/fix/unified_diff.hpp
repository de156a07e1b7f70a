// The unified diff `--diff` prints: what --fix would write, as `diff -u` shows it.
#pragma once

#include <string>

namespace miglint::fix {

// `before` → `after` of the file at `path` as a unified diff (3 lines of
// context, `--- a/path` / `+++ b/path` headers); "" when they are equal.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

}  // namespace miglint::fix

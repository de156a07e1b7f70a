// The unified diff `--diff` prints: what --fix would write, as `diff -u` shows it.
#pragma once

#include <string>

namespace miglint::fix {

// `before` → `after` of the file at `path` as a unified diff (3 lines of
// context, `--- a/path` / `+++ b/path` headers); "" when they are equal.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

// The diff that creates `path` holding `text`, as `git diff` prints a new file.
std::string new_file_diff(const std::string& path, const std::string& text);

}  // namespace miglint::fix

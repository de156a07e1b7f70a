// Joining the up and down files of SQL layouts that keep each direction in a
// file of its own (x.up.sql / x.down.sql, <version>/up.sql / down.sql,
// Flyway's V1__ / U1__), so a down file is a downgrade and never an upgrade.
#pragma once

#include <miglint/migration.hpp>

#include <set>
#include <span>
#include <string>
#include <vector>

namespace miglint {

// Gives each up file its down file's operations as `downgrade` (with
// `downgrade_source` pointing at the down file) and sets its downgrade shape.
// Down files stay in the list, so their syntax errors and suppressions stay
// theirs, but keep no operations. An up file whose layout expects a down file
// (golang-migrate, diesel) and has none gets `DowngradeShape::absent`, but
// only in a set that has down files at all: a project that writes none (pop
// with only .up.sql files) has chosen so, and is not told so once per file.
// Flyway's undo files are optional, so a V file without one is left alone.
void pair_down_files(std::vector<Migration>& migrations);
// The same over `migrations` in this order, `sets_with_down_files` naming the
// sets (down_file_set) that hold any down file. Files pair only with files of
// the same pair key, so a caller may pass each key's files on their own.
void pair_down_files(std::span<Migration* const> migrations, const std::set<std::string>& sets_with_down_files);

// The sets (down_file_set of each) among `paths` that hold a down file, from the names alone.
std::set<std::string> sets_with_down_files(const std::vector<std::string>& paths);
// The set a paired SQL file belongs to: the folder above a <version>/ folder, else its own folder.
std::string down_file_set(const std::string& path);

}  // namespace miglint

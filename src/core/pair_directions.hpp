// Joining the up and down files of SQL layouts that keep each direction in a
// file of its own (x.up.sql / x.down.sql, <version>/up.sql / down.sql,
// Flyway's V1__ / U1__), so a down file is a downgrade and never an upgrade.
#pragma once

#include <miglint/migration.hpp>

#include <span>
#include <vector>

namespace miglint {

// Gives each up file its down file's operations as `downgrade` (with
// `downgrade_source` pointing at the down file) and sets its downgrade shape.
// Down files stay in the list, so their syntax errors and suppressions stay
// theirs, but keep no operations. An up file whose layout expects a down file
// (golang-migrate, diesel) and has none gets `DowngradeShape::absent`;
// Flyway's undo files are optional, so a V file without one is left alone.
void pair_down_files(std::vector<Migration>& migrations);
// The same over `migrations` in this order. Files pair only with files of the
// same pair key, so a caller may pass each key's files on their own.
void pair_down_files(std::span<Migration* const> migrations);

}  // namespace miglint

// Where a fix's migration of its own goes (Fix::split): the files it becomes,
// named with a version free between the migration it comes from and the next.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/result.hpp>

#include <set>
#include <string>
#include <vector>

namespace miglint::fix {

// The files of `split`, moved out of the migration at `from`, in its
// layout's own form: golang-migrate `<v>_<title>.up.sql` and `.down.sql`;
// diesel `<v>_<title>/up.sql`, `down.sql` and a `metadata.toml` that turns
// the transaction off; Prisma `<v>_<title>/migration.sql`; Flyway
// `V<v>__<title>.sql`. The version follows `from`'s and sorts before every
// later one on disk and in `planned` (paths other fixes of this run create).
// An error when no such version exists (0005 then 0006) or the layout takes
// no split.
Result<std::vector<NewFile>> place_split(const std::string& from, const SplitMigration& split,
                                         const std::set<std::string>& planned);

// Every file `fix` of a finding in `from` creates: its new files, then its
// migration of its own placed as place_split does; an error where that has no version.
Result<std::vector<NewFile>> files_created_by(const Fix& fix, const std::string& from, const std::set<std::string>& planned);

}  // namespace miglint::fix

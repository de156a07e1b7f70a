// Reading an `alembic.ini`: where its revision files live and which database
// they are written for, so a project's several versions/ folders form one
// revision graph and a SQLite or MySQL project is never held to PostgreSQL rules.
#pragma once

#include <miglint/result.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace miglint::alembic {

struct AlembicProject {
    std::filesystem::path ini;                       // absolute, normalised
    std::vector<std::filesystem::path> version_dirs; // absolute, normalised
    // The dialect of `[alembic] sqlalchemy.url` ("postgresql", "sqlite", ...);
    // empty when the URL is absent, templated or names no known dialect.
    std::string dialect;
    // Multi-database projects (`databases = a, b`): the engines whose URL is
    // PostgreSQL (or unknown), whose `upgrade_<engine>()` functions miglint lints.
    std::set<std::string> postgres_engines;
    // Every engine `databases =` names; empty for a single-database project.
    std::set<std::string> engines;

    // False only when the URL names a dialect other than PostgreSQL and the
    // project has no PostgreSQL engine.
    [[nodiscard]] bool targets_postgres() const;
    // True when `file` lies in one of `version_dirs` (or below it).
    [[nodiscard]] bool owns(const std::filesystem::path& file) const;
};

// True when `file` is `dir` or lies below it (both absolute; compared lexically).
bool is_within(const std::filesystem::path& file, const std::filesystem::path& dir);

// The dialect named by a SQLAlchemy URL ("postgresql+psycopg2://..." →
// "postgresql", "postgres" → "postgresql"); empty when it names none we know
// (the template's "driver://", an interpolated "%(DB_URL)s").
std::string dialect_of_url(std::string_view url);

// Parses the configparser-style text of `ini` (its path resolves `%(here)s`
// and relative locations). Reads `script_location`, `version_locations` with
// `version_path_separator`, `sqlalchemy.url` and `databases`. A file with no
// `[alembic]` section or no script_location is an error naming the file.
Result<AlembicProject> parse_alembic_ini(const std::filesystem::path& ini, std::string_view text);

}  // namespace miglint::alembic

// PostgreSQL versions as rules and the command line compare them.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace miglint {

// A major.minor version; `11` equals `11.0`.
struct PgVersion {
    int major = 15;  // k_default_pg_version
    int minor = 0;

    friend auto operator<=>(const PgVersion&, const PgVersion&) = default;
    [[nodiscard]] std::string display() const;
};

// The releases miglint knows the grammar and the locks of: its parser reads
// PostgreSQL 18's grammar, and version checks go back to 10.
inline constexpr PgVersion k_oldest_pg_version{10, 0};
inline constexpr PgVersion k_newest_pg_version{18, 0};
// The version assumed when none is configured: the oldest release the
// PostgreSQL project still supports (docs/pg-versions.md), so what miglint
// prints as the safe way runs there and on every later release.
inline constexpr PgVersion k_default_pg_version{15, 0};

// Where the version a run checks against came from, for messages.
enum class PgVersionFrom { default_version, config, command_line, database };

// Parses "15", "14.3" or "9.6.2" (the third part is ignored: before 10 the
// major version has two parts, and no rule needs it). Empty on bad input.
std::optional<PgVersion> parse_pg_version(std::string_view text);
// True for majors 10 to 18, the ones miglint knows.
bool is_known_pg_version(PgVersion version);
// The version in `server_version_num`'s form (180001 → 18.1; 90605 → 9.6), or empty.
std::optional<PgVersion> pg_version_from_number(std::string_view server_version_num);

// Versions [`from`, `until`) in which a hazard exists.
struct VersionRange {
    PgVersion from{0, 0};
    PgVersion until{1000, 0};

    [[nodiscard]] bool contains(PgVersion v) const { return from <= v && v < until; }
    [[nodiscard]] bool is_all() const { return from == PgVersion{0, 0} && until == PgVersion{1000, 0}; }
    // "all", "< 11", ">= 12", "14.0 – 14.3"
    [[nodiscard]] std::string display() const;
};

}  // namespace miglint

// PostgreSQL versions as rules and the command line compare them.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace miglint {

// A major.minor version; `11` equals `11.0`.
struct PgVersion {
    int major = 15;
    int minor = 0;

    friend auto operator<=>(const PgVersion&, const PgVersion&) = default;
    [[nodiscard]] std::string display() const;
};

// Parses "15", "14.3" or "9.6.2" (the third part is ignored: before 10 the
// major version has two parts, and no rule needs it). Empty on bad input.
std::optional<PgVersion> parse_pg_version(std::string_view text);

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

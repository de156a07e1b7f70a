#include <miglint/pg_version.hpp>

#include <charconv>

namespace miglint {

std::string PgVersion::display() const { return std::to_string(major) + "." + std::to_string(minor); }

std::optional<PgVersion> parse_pg_version(std::string_view text) {
    PgVersion version{0, 0};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    auto [after_major, ec] = std::from_chars(p, end, version.major);
    if (ec != std::errc{} || version.major <= 0) return std::nullopt;
    p = after_major;
    if (p == end) return version;
    if (*p != '.') return std::nullopt;
    auto [after_minor, ec2] = std::from_chars(p + 1, end, version.minor);
    if (ec2 != std::errc{} || version.minor < 0) return std::nullopt;
    p = after_minor;
    if (p != end && *p == '.') {  // 9.6.2: patch level, not needed by any rule
        int patch = 0;
        auto [after_patch, ec3] = std::from_chars(p + 1, end, patch);
        if (ec3 != std::errc{}) return std::nullopt;
        p = after_patch;
    }
    if (p != end) return std::nullopt;
    return version;
}

bool is_known_pg_version(PgVersion version) {
    return version >= k_oldest_pg_version && version.major <= k_newest_pg_version.major;
}

std::optional<PgVersion> pg_version_from_number(std::string_view server_version_num) {
    int number = 0;
    const auto [end, ec] = std::from_chars(server_version_num.data(), server_version_num.data() + server_version_num.size(), number);
    if (ec != std::errc{} || end != server_version_num.data() + server_version_num.size() || number < 10000) return std::nullopt;
    // From 10 on the number is major * 10000 + minor; before it, major1 * 10000 + major2 * 100 + minor.
    if (number >= 100000) return PgVersion{number / 10000, number % 10000};
    return PgVersion{number / 10000, (number / 100) % 100};
}

std::string VersionRange::display() const {
    const bool open_start = from == PgVersion{0, 0};
    const bool open_end = until == PgVersion{1000, 0};
    if (open_start && open_end) return "all";
    if (open_start) return "< " + until.display();
    if (open_end) return ">= " + from.display();
    return from.display() + " to < " + until.display();
}

}  // namespace miglint

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

std::string VersionRange::display() const {
    const bool open_start = from == PgVersion{0, 0};
    const bool open_end = until == PgVersion{1000, 0};
    if (open_start && open_end) return "all";
    if (open_start) return "< " + until.display();
    if (open_end) return ">= " + from.display();
    return from.display() + " to < " + until.display();
}

}  // namespace miglint

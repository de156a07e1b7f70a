#include "source_overlay.hpp"

#include "discover.hpp"

#include <filesystem>

namespace miglint {

std::string overlay_key(const std::string& path) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    if (ec) return path;
    return absolute.lexically_normal().string();
}

Result<std::string> read_source(const std::string& path, std::uint64_t max_bytes, const SourceOverlay& overlay) {
    if (!overlay.empty()) {
        if (const auto it = overlay.find(overlay_key(path)); it != overlay.end()) {
            if (it->second.size() > max_bytes) {
                return Error{"file is over the limit of " + std::to_string(max_bytes) + " bytes", path, {}};
            }
            return it->second;
        }
    }
    return read_file(path, max_bytes);
}

LintOutput lint_paths(const std::vector<std::string>& paths, const Settings& settings) {
    return lint_paths(paths, settings, SourceOverlay{});
}

}  // namespace miglint

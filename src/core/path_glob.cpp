#include "core/path_glob.hpp"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>

namespace miglint {

bool path_matches(const std::string& glob, const std::string& path) {
    if (::fnmatch(glob.c_str(), path.c_str(), 0) == 0) return true;
    // A glob without a directory part matches the file name anywhere.
    return glob.find('/') == std::string::npos &&
           ::fnmatch(glob.c_str(), std::filesystem::path(path).filename().c_str(), 0) == 0;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& path) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) { return path_matches(glob, path); });
}

}  // namespace miglint

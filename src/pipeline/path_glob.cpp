#include "path_glob.hpp"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>

namespace miglint {

bool path_matches(const std::string& glob, const std::string& path) {
    if (::fnmatch(glob.c_str(), path.c_str(), 0) == 0) return true;
    // A glob without a directory part matches the file name anywhere.
    if (glob.find('/') == std::string::npos) {
        return ::fnmatch(glob.c_str(), std::filesystem::path(path).filename().c_str(), 0) == 0;
    }
    // A relative glob ("migrations/0001_*.sql") matches the path's trailing folders, so it
    // holds whether miglint was given `migrations/`, `./migrations` or an absolute path.
    if (glob.front() == '/') return false;
    for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        if (::fnmatch(glob.c_str(), path.c_str() + slash + 1, 0) == 0) return true;
    }
    return false;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& path) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) { return path_matches(glob, path); });
}

}  // namespace miglint

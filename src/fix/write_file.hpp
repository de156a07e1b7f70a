// Writing a fixed migration back without ever leaving it half written.
#pragma once

#include <optional>
#include <string>

namespace miglint::fix {

// Writes `text` to `path` through a temporary file in the same folder that is
// renamed over it, with the file's permissions kept. Returns why not when the
// file is read-only (no write permission for its owner) or cannot be written;
// `path` is then unchanged.
std::optional<std::string> write_atomically(const std::string& path, const std::string& text);

// Creates `path` holding `text` (its folders too), never over a file that
// exists: written to a temporary file beside it, then linked in place.
// Returns why not.
std::optional<std::string> create_file(const std::string& path, const std::string& text);

}  // namespace miglint::fix

// Reading a migration's text from an editor's unsaved buffer when it has one.
#pragma once

#include "lint.hpp"
#include <miglint/result.hpp>

#include <cstdint>
#include <string>

namespace miglint {

// The text of `path`: its entry in `overlay` (keys are absolute, normalised
// paths) when there is one, else the file on disk; more than `max_bytes` is
// an error either way.
Result<std::string> read_source(const std::string& path, std::uint64_t max_bytes, const SourceOverlay& overlay);

// `path` made absolute and lexically normalised, as overlay keys are spelled.
std::string overlay_key(const std::string& path);

}  // namespace miglint

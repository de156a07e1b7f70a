// file:// URIs and the paths they name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace miglint::lsp {

// The absolute, normalised path of a `file://` URI (percent-escapes decoded);
// empty for any other scheme (untitled:, git:) or a malformed URI.
std::optional<std::string> path_of_uri(std::string_view uri);

// The `file://` URI of absolute `path`.
std::string uri_of_path(const std::string& path);

}  // namespace miglint::lsp

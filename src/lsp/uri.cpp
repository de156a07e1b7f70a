#include "lsp/uri.hpp"

#include "report/report_util.hpp"

#include <filesystem>

namespace miglint::lsp {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> path_of_uri(std::string_view uri) {
    constexpr std::string_view k_scheme = "file://";
    if (!uri.starts_with(k_scheme)) return std::nullopt;
    auto rest = uri.substr(k_scheme.size());
    // file://host/path: only the local host (empty or "localhost") names a file here.
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") return std::nullopt;
    rest = rest.substr(slash);
    // A query or fragment is not part of the path.
    rest = rest.substr(0, rest.find_first_of("?#"));
    std::string path;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
            path += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
            i += 2;
        } else {
            path += rest[i];
        }
    }
    if (path.find('\0') != std::string::npos) return std::nullopt;
    return std::filesystem::path(path).lexically_normal().string();
}

std::string uri_of_path(const std::string& path) {
    return "file://" + report::uri_encode(path);
}

}  // namespace miglint::lsp

#include "report_util.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <tuple>

namespace miglint::report {

std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string hex64(std::uint64_t value) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = k_digits[value & 0xf];
        value >>= 4;
    }
    return out;
}

std::string normalized_line(const Finding& finding) {
    const auto line = finding.source->line_text(finding.start().line);
    std::string out;
    bool pending_space = false;
    for (const char c : line) {
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::vector<std::size_t> line_occurrences(const std::vector<Finding>& all, const std::vector<const Finding*>& shown) {
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
    std::map<const Finding*, std::size_t> occurrence;
    for (const auto& finding : all) {
        occurrence[&finding] = ++seen[{finding.path(), finding.rule, normalized_line(finding)}];
    }
    std::vector<std::size_t> out;
    out.reserve(shown.size());
    for (const auto* finding : shown) {
        const auto it = occurrence.find(finding);
        out.push_back(it == occurrence.end() ? 1 : it->second);
    }
    return out;
}

std::optional<std::string> relative_path(const std::string& path, const std::string& base_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto cwd = fs::current_path(ec);
    const fs::path base = base_dir.empty() ? cwd : fs::path(base_dir).is_absolute() ? fs::path(base_dir) : cwd / base_dir;
    const fs::path file = fs::path(path).is_absolute() ? fs::path(path) : cwd / path;
    const auto relative = file.lexically_normal().lexically_relative(base.lexically_normal());
    if (relative.empty() || *relative.begin() == "..") return std::nullopt;
    return relative.generic_string();
}

std::string uri_encode(std::string_view path) {
    static constexpr char k_digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += k_digits[byte >> 4];
            out += k_digits[byte & 0xf];
        }
    }
    return out;
}

std::vector<std::size_t> most_severe_first(const std::vector<const Finding*>& findings) {
    std::vector<std::size_t> order(findings.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return findings[a]->severity > findings[b]->severity; });
    return order;
}

std::vector<std::size_t> own_findings_first(const std::vector<const Finding*>& findings) {
    auto order = most_severe_first(findings);
    std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return !findings[i]->outside_scope; });
    return order;
}

void write_when_full(std::string& pending, std::ostream& out) {
    constexpr std::size_t k_chunk = 64 * 1024;
    if (pending.size() < k_chunk) return;
    out << pending;
    pending.clear();
}

void write_json_document(const nlohmann::ordered_json& document, std::ostream& out) {
    // json::dump builds the whole text as one string; its serializer writes to a stream.
    nlohmann::detail::serializer<nlohmann::ordered_json> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                                    nlohmann::ordered_json::error_handler_t::replace);
    serializer.dump(document, true, false, 2);
    out << '\n';
}

}  // namespace miglint::report

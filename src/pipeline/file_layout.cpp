#include "file_layout.hpp"

#include <cctype>
#include <filesystem>
#include <string>
#include <utility>

namespace miglint {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// ASCII letters lower-cased: runners compare these suffixes so.
std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Flyway's "V1_2__name.sql": the version after `prefix`, dots for underscores; empty when not that shape.
std::string flyway_version(std::string_view name, char prefix) {
    if (name.size() < 4 || name[0] != prefix || !is_digit(name[1])) return "";
    const auto separator = name.find("__");
    if (separator == std::string_view::npos) return "";
    std::string version;
    for (const char c : name.substr(1, separator - 1)) {
        if (is_digit(c)) version += c;
        else if (c == '.' || c == '_') version += '.';
        else return "";
    }
    return version;
}

std::string leading_number(std::string_view name) {
    std::size_t end = 0;
    while (end < name.size() && is_digit(name[end])) ++end;
    // "0001_x" and "0001-x" claim a version; "2fa.sql" does not.
    if (end == 0 || (end < name.size() && name[end] != '_' && name[end] != '-' && name[end] != '.')) return "";
    return std::string(name.substr(0, end));
}

// A file path's name and its folder, as std::filesystem::path's filename() and
// parent_path() give them, without splitting the path into parts.
struct PathParts {
    std::string_view name;
    std::string_view folder;
};

PathParts split_path(std::string_view path) {
    const auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return {path, {}};
    auto folder = path.substr(0, slash);
    while (!folder.empty() && folder.back() == '/') folder.remove_suffix(1);
    if (folder.empty()) folder = path.substr(0, 1);  // the root
    return {path.substr(slash + 1), folder};
}

std::string_view folder_name(std::string_view folder) {
    if (folder == "/") return {};
    const auto slash = folder.rfind('/');
    return slash == std::string_view::npos ? folder : folder.substr(slash + 1);
}

// pop's dialect suffix of a stem ("x.mysql" -> "mysql"), or empty.
std::string dialect_suffix(std::string_view stem) {
    const auto dot = stem.rfind('.');
    if (dot == std::string_view::npos) return {};
    const auto word = lower(stem.substr(dot + 1));
    for (const std::string_view known : {"postgres", "postgresql", "cockroach", "mysql", "sqlite3", "sqlite"}) {
        if (word == known) return word;
    }
    return {};
}

FileLayout read_name(std::string_view path) {
    const auto parts = split_path(path);
    const std::string name(parts.name);
    const std::string folder(parts.folder);
    FileLayout out;
    if (name == "up.sql" || name == "down.sql") {
        out.layout = name == "up.sql" ? NameLayout::up_in_dir : NameLayout::down_in_dir;
        out.version = std::string(folder_name(parts.folder));
        out.pair_key = folder;
        return out;
    }
    // Prisma names each migration's folder <timestamp>_<name>; the file is always migration.sql.
    if (name == "migration.sql" && !leading_number(folder_name(parts.folder)).empty()) {
        out.layout = NameLayout::prisma_in_dir;
        out.version = std::string(folder_name(parts.folder));
        return out;
    }
    if (const auto v = flyway_version(name, 'V'); !v.empty()) {
        out.layout = NameLayout::flyway_versioned;
        out.pair_key = folder + "/V" + v;
        out.version = v;
        return out;
    }
    if (const auto u = flyway_version(name, 'U'); !u.empty()) {
        out.layout = NameLayout::flyway_undo;
        out.pair_key = folder + "/V" + u;
        out.version = u;
        return out;
    }
    if (name.starts_with("R__")) {
        out.layout = NameLayout::flyway_repeatable;
        return out;
    }
    for (const auto& [suffix, layout] : {std::pair{std::string_view(".up.sql"), NameLayout::up_file},
                                         std::pair{std::string_view(".down.sql"), NameLayout::down_file}}) {
        if (name.size() > suffix.size() && lower(name).ends_with(suffix)) {
            const auto stem = name.substr(0, name.size() - suffix.size());
            out.layout = layout;
            out.version = leading_number(stem);
            std::string_view bare = stem;
            if (lower(bare).ends_with(".autocommit")) {
                out.autocommit = true;
                bare.remove_suffix(std::string_view(".autocommit").size());
            }
            out.dialect = dialect_suffix(bare);
            // pop's X.postgres.up.sql pairs with X.postgres.down.sql, else with the generic
            // X.down.sql: every variant of X shares one key, and pairing picks what runs here.
            if (!out.dialect.empty()) bare.remove_suffix(out.dialect.size() + 1);
            out.pair_key = folder + "/" + std::string(bare);
            return out;
        }
    }
    out.version = leading_number(name);
    return out;
}

}  // namespace

FileLayout classify_layout(std::string_view path) {
    auto out = read_name(path);
    // Each <version>/ folder holds one migration: the set is the folder above.
    if (out.is_in_version_folder()) out.set_folder = std::filesystem::path(path).parent_path().parent_path().string();
    return out;
}

}  // namespace miglint

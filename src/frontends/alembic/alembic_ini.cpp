#include "alembic/alembic_ini.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace miglint::alembic {
namespace fs = std::filesystem;
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

using Section = std::map<std::string, std::string>;

// configparser's format: `[section]`, `key = value` or `key: value`, values
// continued on indented lines, `#` and `;` comments on their own lines.
// Keys are case-insensitive, as configparser folds them.
std::map<std::string, Section> read_sections(std::string_view text) {
    std::map<std::string, Section> sections;
    Section* current = nullptr;
    std::string* last_value = nullptr;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        auto end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(begin, end - begin);
        begin = end + 1;
        const auto line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        const bool indented = std::isspace(static_cast<unsigned char>(raw.front())) != 0;
        if (indented && last_value != nullptr) {
            *last_value += "\n" + std::string(line);
            continue;
        }
        last_value = nullptr;
        if (line.front() == '[' && line.back() == ']') {
            current = &sections[std::string(trim(line.substr(1, line.size() - 2)))];
            continue;
        }
        const auto separator = line.find_first_of("=:");
        if (current == nullptr || separator == std::string_view::npos) continue;
        auto& value = (*current)[lower(trim(line.substr(0, separator)))];
        value = std::string(trim(line.substr(separator + 1)));
        last_value = &value;
    }
    return sections;
}

// `%(here)s` is the ini's directory; other interpolations are left as written.
std::string interpolate_here(std::string value, const fs::path& here) {
    static constexpr std::string_view k_here = "%(here)s";
    for (auto at = value.find(k_here); at != std::string::npos; at = value.find(k_here, at)) {
        value.replace(at, k_here.size(), here.string());
        at += here.string().size();
    }
    return value;
}

// Alembic's `version_path_separator`; without it, legacy splitting on spaces and commas.
std::vector<std::string> split_locations(std::string_view value, std::string_view separator) {
    std::string delimiters = " ,\n";
    if (separator == "os" || separator == "colon" || separator == ":") delimiters = ":\n";
    else if (separator == "semicolon" || separator == ";") delimiters = ";\n";
    else if (separator == "space" || separator == " ") delimiters = " \n";
    else if (separator == "newline") delimiters = "\n";
    std::vector<std::string> out;
    std::size_t begin = 0;
    while (begin < value.size()) {
        auto end = value.find_first_of(delimiters, begin);
        if (end == std::string_view::npos) end = value.size();
        const auto part = trim(value.substr(begin, end - begin));
        if (!part.empty()) out.emplace_back(part);
        begin = end + 1;
    }
    return out;
}

fs::path resolve(const fs::path& here, const std::string& location) {
    const fs::path path(location);
    return (path.is_absolute() ? path : here / path).lexically_normal();
}

std::string value_of(const std::map<std::string, Section>& sections, const std::string& section, const std::string& key) {
    const auto s = sections.find(section);
    if (s == sections.end()) return "";
    const auto v = s->second.find(key);
    return v == s->second.end() ? "" : v->second;
}

}  // namespace

bool AlembicProject::targets_postgres() const {
    if (!engines.empty()) return !postgres_engines.empty();
    return dialect.empty() || dialect == "postgresql";
}

bool is_within(const fs::path& file, const fs::path& dir) {
    const auto relative = file.lexically_normal().lexically_relative(dir);
    return !relative.empty() && *relative.begin() != "..";
}

bool AlembicProject::owns(const fs::path& file) const {
    return std::any_of(version_dirs.begin(), version_dirs.end(), [&](const fs::path& dir) { return is_within(file, dir); });
}

std::string dialect_of_url(std::string_view url) {
    url = trim(url);
    const auto scheme_end = url.find("://");
    // A bare scheme ("sqlite" in a `databases` section) is read as one too.
    auto scheme = lower(scheme_end == std::string_view::npos ? url : url.substr(0, scheme_end));
    if (const auto plus = scheme.find('+'); plus != std::string::npos) scheme.resize(plus);
    if (scheme == "postgres" || scheme == "postgresql" || scheme == "pgsql") return "postgresql";
    static constexpr std::array<std::string_view, 7> k_others{"sqlite", "mysql", "mariadb", "mssql", "oracle", "firebird",
                                                              "sybase"};
    for (const auto other : k_others) {
        if (scheme == other) return std::string(other);
    }
    return "";
}

Result<AlembicProject> parse_alembic_ini(const fs::path& ini, std::string_view text) {
    const auto sections = read_sections(text);
    if (sections.find("alembic") == sections.end()) {
        return Error{"no [alembic] section: not an Alembic configuration", ini.string(), std::nullopt};
    }
    AlembicProject project;
    project.ini = ini.lexically_normal();
    const auto here = project.ini.parent_path();
    const auto script_location = interpolate_here(value_of(sections, "alembic", "script_location"), here);
    const auto locations = interpolate_here(value_of(sections, "alembic", "version_locations"), here);
    if (!locations.empty()) {
        const auto separator = value_of(sections, "alembic", "version_path_separator");
        for (const auto& location : split_locations(locations, separator)) project.version_dirs.push_back(resolve(here, location));
    } else if (!script_location.empty()) {
        // A package reference ("myapp:migrations") names no folder miglint can find.
        if (script_location.find(':') != std::string::npos && !fs::path(script_location).is_absolute()) {
            return Error{"script_location `" + script_location + "` is a package reference; list the folders in "
                         "version_locations or lint the versions/ folder directly", ini.string(), std::nullopt};
        }
        project.version_dirs.push_back(resolve(here, script_location) / "versions");
    } else {
        return Error{"[alembic] has no script_location", ini.string(), std::nullopt};
    }
    project.dialect = dialect_of_url(value_of(sections, "alembic", "sqlalchemy.url"));
    for (const auto& engine : split_locations(value_of(sections, "alembic", "databases"), "")) {
        project.engines.insert(engine);
        const auto dialect = dialect_of_url(value_of(sections, engine, "sqlalchemy.url"));
        if (dialect.empty() || dialect == "postgresql") project.postgres_engines.insert(engine);
    }
    return project;
}

}  // namespace miglint::alembic

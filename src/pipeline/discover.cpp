#include "discover.hpp"

#include <miglint/input_check.hpp>
#include "sql/sql_layout.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace miglint {
namespace fs = std::filesystem;
namespace {

bool is_skipped_directory(const fs::path& dir) {
    const auto name = dir.filename().string();
    return (name.size() > 1 && name[0] == '.') || name == "__pycache__" || name == "node_modules";
}

bool is_migration_candidate(const fs::path& file) {
    const auto ext = file.extension().string();
    return ext == ".sql" || ext == ".py";
}

constexpr std::string_view k_alembic_ini = "alembic.ini";

// The nearest alembic.ini in `path`'s directory or above it, stopping at the
// repository root (a folder with .git), so a project never picks up another's.
std::optional<fs::path> alembic_ini_above(const std::string& path) {
    std::error_code ec;
    auto dir = fs::absolute(path, ec).lexically_normal();
    if (ec) return std::nullopt;
    if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
    while (true) {
        if (fs::is_regular_file(dir / k_alembic_ini, ec)) return dir / k_alembic_ini;
        if (fs::exists(dir / ".git", ec) || !dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

}  // namespace

namespace {

// `target` (canonical) lies in `root` (canonical) or below it.
bool is_inside(const fs::path& target, const fs::path& root) {
    const auto relative = target.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
}

// A symlink found in the walk that leads out of the folder being linted: a
// repository's `versions/x.sql -> ~/.pgpass` would otherwise be read, and
// quoted in a code frame. A path named on the command line is followed.
bool leads_outside(const fs::directory_entry& entry, const fs::path& canonical_root) {
    std::error_code ec;
    const auto target = fs::canonical(entry.path(), ec);
    return !ec && !is_inside(target, canonical_root);  // a broken link: reading it reports what is wrong
}

// Walks the directory `root` with an explicit stack, so a deep tree cannot
// overflow ours. A directory that cannot be listed is an error and the walk
// goes on; directory symlinks are not followed, so a loop cannot trap it; a
// file symlink that leads out of `root` is an error, not read.
// Returns how many files named on their own it met (and left to be read as named).
std::size_t walk_directory(const fs::path& root, const std::set<std::string>& named, std::vector<std::string>& found,
                           std::set<std::string>& inis, std::vector<Error>& errors) {
    std::size_t named_met = 0;
    std::error_code root_ec;
    const auto canonical_root = fs::canonical(root, root_ec);
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
        const auto dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
            const auto& entry = *it;
            std::error_code type_ec;
            const bool is_link = entry.is_symlink(type_ec);
            if (entry.is_directory(type_ec)) {
                if (!is_link && !is_skipped_directory(entry.path())) pending.push_back(entry.path());
                continue;
            }
            // A file also named on its own is read (or reported) as named, once.
            if (named.count(entry.path().string()) > 0) {
                ++named_met;
                continue;
            }
            const bool wanted = is_migration_candidate(entry.path()) || entry.path().filename() == k_alembic_ini;
            if (wanted && is_link && !root_ec && leads_outside(entry, canonical_root)) {
                errors.push_back(
                    {"symlink to a file outside the linted folder: not read (name the file itself to lint it)",
                     entry.path().string(),
                     {}});
                continue;
            }
            // Files, symlinks to files and broken symlinks: reading them reports what is wrong.
            if (is_migration_candidate(entry.path())) found.push_back(entry.path().string());
            if (entry.path().filename() == k_alembic_ini) {
                inis.insert(fs::absolute(entry.path(), type_ec).lexically_normal().string());
            }
        }
        if (ec) errors.push_back({"cannot list directory: " + ec.message(), dir.string(), {}});
    }
    return named_met;
}

}  // namespace

DiscoveredFiles discover(const std::vector<std::string>& paths) {
    DiscoveredFiles out;
    std::set<std::string> seen;
    std::set<std::string> inis;
    const auto add = [&](const std::string& file) {
        if (seen.insert(file).second) out.files.push_back(file);
    };
    std::set<std::string> named;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) named.insert(path);
    }
    for (const auto& path : paths) {
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            const auto link = fs::symlink_status(path, ec);
            out.errors.push_back({fs::is_symlink(link) ? "symlink target does not exist or loops" : "no such file or directory", path, {}});
            continue;
        }
        if (const auto ini = alembic_ini_above(path)) inis.insert(ini->string());
        if (!fs::is_directory(status)) {
            add(path);
            continue;
        }
        std::vector<std::string> found;
        const auto named_met = walk_directory(path, named, found, inis, out.errors);
        // A typo'd or wrong folder in CI must not pass as a clean lint.
        if (found.empty() && named_met == 0) out.errors.push_back({"no .sql or .py file in this directory (nothing to lint)", path, {}});
        std::sort(found.begin(), found.end());
        for (const auto& file : found) add(file);
    }
    out.alembic_inis.assign(inis.begin(), inis.end());
    return out;
}

namespace {

// Closes a file descriptor when it goes out of scope.
struct FileDescriptor {
    int fd = -1;
    explicit FileDescriptor(int value) : fd(value) {}
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
};

Error read_error(const std::string& path, int error) {
    return Error{"cannot read file: " + std::string(std::strerror(error)), path, {}};
}

}  // namespace

Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; its type is checked on the open file.
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (file.fd < 0) return read_error(path, errno);
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) return read_error(path, errno);
    if (S_ISDIR(info.st_mode)) return Error{"is a directory", path, {}};
    if (!S_ISREG(info.st_mode)) return Error{"not a regular file (FIFO, socket or device): not read", path, {}};
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > max_bytes) return Error{over_size_limit("file", size, max_bytes), path, {}};
    std::string text(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const auto got = ::read(file.fd, text.data() + done, text.size() - done);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return read_error(path, errno);
        if (got == 0) break;  // the file shrank while being read
        done += static_cast<std::size_t>(got);
    }
    text.resize(done);
    return text;
}

bool natural_less(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const auto ca = static_cast<unsigned char>(a[i]);
        const auto cb = static_cast<unsigned char>(b[j]);
        if (std::isdigit(ca) && std::isdigit(cb)) {
            std::size_t ei = i;
            std::size_t ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
            auto na = a.substr(i, ei - i);
            auto nb = b.substr(j, ej - j);
            while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
            while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ei;
            j = ej;
            continue;
        }
        if (ca != cb) return ca < cb;
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

namespace {

// Kahn's algorithm over down_revision edges, on the revisions at `indices` of
// `migrations`; a revision whose parents are not in the set is a root. Cycles
// leave files behind: they go last, by path. Returns the indices in order.
std::vector<std::size_t> order_revisions(const std::vector<Migration>& migrations, const std::vector<std::size_t>& indices) {
    const auto revision = [&](std::size_t i) -> const Migration& { return migrations[indices[i]]; };
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < indices.size(); ++i) by_id.emplace(revision(i).revision.revision, i);
    std::vector<std::size_t> pending(indices.size(), 0);
    std::vector<std::vector<std::size_t>> children(indices.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
        for (const auto& parent : revision(i).revision.down_revisions) {
            const auto it = by_id.find(parent);
            if (it == by_id.end() || it->second == i) continue;
            ++pending[i];
            children[it->second].push_back(i);
        }
    }
    std::set<std::pair<std::string, std::size_t>> ready;  // by path, for determinism
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (pending[i] == 0) ready.emplace(revision(i).path(), i);
    }
    std::vector<std::size_t> order;
    std::vector<bool> placed(indices.size(), false);
    while (!ready.empty()) {
        const auto [path, i] = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(indices[i]);
        placed[i] = true;
        for (const auto child : children[i]) {
            if (--pending[child] == 0) ready.emplace(revision(child).path(), child);
        }
    }
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (!placed[i]) order.push_back(indices[i]);
    }
    return order;
}

// Where a SQL file sorts in its set: Flyway's repeatable R__ files after every
// versioned one, <version>/up.sql by its folder, the rest by file name.
std::pair<int, std::string> sql_order_key(const std::string& path, const sql::SqlFileName& name) {
    if (name.layout == sql::NameLayout::up_in_dir || name.layout == sql::NameLayout::down_in_dir ||
        name.layout == sql::NameLayout::prisma_in_dir) {
        return {0, name.version};
    }
    const auto file_name = path.substr(path.rfind('/') + 1);  // the whole path when it has no folder
    return {name.layout == sql::NameLayout::flyway_repeatable ? 1 : 0, file_name};
}

// The files at `indices` in natural name order, `key_of(i)` being file i's
// sql_order_key; files of equal keys keep their order.
template <class KeyOf>
std::vector<std::size_t> order_sql(std::vector<std::size_t> indices, const KeyOf& key_of) {
    // Keys once per file, not once per comparison: a long history sorts thousands.
    std::vector<std::pair<int, std::string>> keys;
    keys.reserve(indices.size());
    for (const auto i : indices) keys.push_back(key_of(i));
    std::vector<std::size_t> order(indices.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (keys[a].first != keys[b].first) return keys[a].first < keys[b].first;
        return natural_less(keys[a].second, keys[b].second);
    });
    for (auto& position : order) position = indices[position];
    return order;
}

// The file's folder, as fs::path::parent_path gives it, without splitting the
// path into parts: this runs for every migration, twice.
std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return {};
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::string replay_group(const Migration& migration) {
    if (!migration.group.empty()) return migration.group;
    return folder_of(migration.path());
}

void order_migrations(std::vector<Migration>& migrations) {
    // Positions are ordered and each migration moved once, into its place.
    struct Group {
        std::vector<std::size_t> sql;
        std::vector<std::size_t> revisions;
    };
    std::map<std::string, Group> by_directory;
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        auto& group = by_directory[replay_group(migrations[i])];
        (migrations[i].kind == FileKind::alembic_revision ? group.revisions : group.sql).push_back(i);
    }
    std::vector<std::size_t> order;
    order.reserve(migrations.size());
    for (auto& [dir, group] : by_directory) {
        const auto key_of = [&](std::size_t i) {
            return sql_order_key(migrations[i].path(), sql::classify_sql_name(migrations[i].path()));
        };
        for (const auto i : order_sql(std::move(group.sql), key_of)) order.push_back(i);
        for (const auto i : order_revisions(migrations, group.revisions)) order.push_back(i);
    }
    std::vector<Migration> ordered;
    ordered.reserve(migrations.size());
    for (const auto i : order) ordered.push_back(std::move(migrations[i]));
    migrations = std::move(ordered);
}

std::vector<std::size_t> sql_history_order(const std::vector<std::string>& paths) {
    std::vector<sql::SqlFileName> names;  // each name read once, for its set and its place in it
    names.reserve(paths.size());
    std::map<std::string, std::vector<std::size_t>> by_group;  // ordered as order_migrations orders groups
    for (std::size_t i = 0; i < paths.size(); ++i) {
        names.push_back(sql::classify_sql_name(paths[i]));
        auto group = sql::layout_set_folder(paths[i], names.back());
        by_group[group.empty() ? folder_of(paths[i]) : std::move(group)].push_back(i);
    }
    std::vector<std::size_t> order;
    order.reserve(paths.size());
    const auto key_of = [&](std::size_t i) { return sql_order_key(paths[i], names[i]); };
    for (auto& [group, indices] : by_group) {
        for (const auto i : order_sql(std::move(indices), key_of)) order.push_back(i);
    }
    return order;
}

}  // namespace miglint

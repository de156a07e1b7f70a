#include "discover.hpp"

#include <miglint/input_check.hpp>
#include "file_layout.hpp"

#include <nlohmann/json.hpp>

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
constexpr std::string_view k_manifest = "manifest.json";
constexpr std::uint64_t k_manifest_max_bytes = 1 << 20;

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
                           std::set<std::string>& inis, std::set<std::string>& manifests, std::vector<Error>& errors) {
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
            if (entry.path().filename() == k_manifest && !is_link) manifests.insert(entry.path().string());
            if (entry.path().filename() == k_alembic_ini) {
                inis.insert(fs::absolute(entry.path(), type_ec).lexically_normal().string());
            }
        }
        if (ec) errors.push_back({"cannot list directory: " + ec.message(), dir.string(), {}});
    }
    return named_met;
}

// The file names a manifest.json lists under SchemaUpdateCqlFiles (temporal's
// and cadence's schema tool: each versioned/vX.Y/ folder runs those files and
// no others), or nothing when it is not such a manifest.
std::optional<std::set<std::string>> files_listed_in(const std::string& manifest) {
    auto text = read_file(manifest, k_manifest_max_bytes);
    if (!text) return std::nullopt;
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    const auto it = json.find("SchemaUpdateCqlFiles");
    if (it == json.end() || !it->is_array()) return std::nullopt;
    std::set<std::string> listed;
    for (const auto& name : *it) {
        if (name.is_string()) listed.insert(name.get<std::string>());
    }
    return listed;
}

// Marks the .sql files a manifest beside them does not list: the schema tool never runs them.
void mark_unlisted(DiscoveredFiles& out, const std::set<std::string>& manifests) {
    for (const auto& manifest : manifests) {
        const auto listed = files_listed_in(manifest);
        if (!listed) continue;
        const auto folder = fs::path(manifest).parent_path();
        std::vector<std::string> unlisted;
        for (auto& file : out.files) {
            const fs::path path(file.path);
            if (path.parent_path() != folder || path.extension() != ".sql") continue;
            if (listed->count(path.filename().string()) > 0) continue;
            file.layout.unlisted_in_manifest = true;
            unlisted.push_back(path.filename().string());
        }
        if (unlisted.empty()) continue;
        std::string names;
        for (const auto& name : unlisted) names += (names.empty() ? "" : ", ") + name;
        out.notes.push_back(manifest + ": SchemaUpdateCqlFiles does not list " + names +
                            ", so the schema tool never runs it: checked for the revision graph only");
    }
}

}  // namespace

DiscoveredFiles discover(const std::vector<std::string>& paths) {
    DiscoveredFiles out;
    std::set<std::string> seen;
    std::set<std::string> inis;
    std::set<std::string> manifests;
    const auto add = [&](const std::string& file) {
        if (seen.insert(file).second) out.files.push_back({file, classify_layout(file)});
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
        const auto named_met = walk_directory(path, named, found, inis, manifests, out.errors);
        // A typo'd or wrong folder in CI must not pass as a clean lint.
        if (found.empty() && named_met == 0) out.errors.push_back({"no .sql or .py file in this directory (nothing to lint)", path, {}});
        std::sort(found.begin(), found.end());
        for (const auto& file : found) add(file);
    }
    out.alembic_inis.assign(inis.begin(), inis.end());
    mark_unlisted(out, manifests);
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

}  // namespace miglint

#include "fix/write_file.hpp"

#include <miglint/result.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace miglint::fix {
namespace fs = std::filesystem;

namespace {

// Writes `text` to a new temporary file beside `target`: its path, or why not.
Result<fs::path> write_temporary(const fs::path& target, const std::string& text) {
    std::random_device random;
    const auto temporary = target.parent_path() / ("." + target.filename().string() + ".miglint-" + std::to_string(random()));
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
        std::error_code ec;
        fs::remove(temporary, ec);
        return Error{"cannot write " + temporary.string() + ": " + std::strerror(errno), "", {}};
    }
    return temporary;
}

}  // namespace

std::optional<std::string> write_atomically(const std::string& path, const std::string& text) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec) return "cannot read its permissions: " + ec.message();
    // Root may write anything: the owner's write bit is what says the file is meant to change.
    if ((status.permissions() & fs::perms::owner_write) == fs::perms::none) return "the file is read-only";
    const fs::path target(path);
    const auto written = write_temporary(target, text);
    if (!written) return written.error().message;
    const auto& temporary = *written;
    fs::permissions(temporary, status.permissions(), fs::perm_options::replace, ec);
    if (!ec) fs::rename(temporary, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return "cannot replace it: " + ec.message();
    }
    return std::nullopt;
}

std::optional<std::string> create_file(const std::string& path, const std::string& text) {
    const fs::path target(path);
    std::error_code ec;
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    if (ec) return "cannot create its folder: " + ec.message();
    const auto written = write_temporary(target, text);
    if (!written) return written.error().message;
    const auto& temporary = *written;
    // A hard link fails where the name exists, so a file made meanwhile is never replaced.
    fs::create_hard_link(temporary, target, ec);
    std::error_code ignored;
    fs::remove(temporary, ignored);
    if (ec) return "cannot create it: " + ec.message();
    return std::nullopt;
}

}  // namespace miglint::fix

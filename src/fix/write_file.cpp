#include "fix/write_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace miglint::fix {
namespace fs = std::filesystem;

std::optional<std::string> write_atomically(const std::string& path, const std::string& text) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec) return "cannot read its permissions: " + ec.message();
    // Root may write anything: the owner's write bit is what says the file is meant to change.
    if ((status.permissions() & fs::perms::owner_write) == fs::perms::none) return "the file is read-only";
    const fs::path target(path);
    std::random_device random;
    const auto temporary = target.parent_path() / ("." + target.filename().string() + ".miglint-" + std::to_string(random()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            fs::remove(temporary, ec);
            return "cannot write " + temporary.string() + ": " + std::strerror(errno);
        }
    }
    fs::permissions(temporary, status.permissions(), fs::perm_options::replace, ec);
    if (!ec) fs::rename(temporary, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return "cannot replace it: " + ec.message();
    }
    return std::nullopt;
}

}  // namespace miglint::fix

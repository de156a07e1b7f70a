#include "fix/split_migration.hpp"

#include "pipeline/file_layout.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

namespace miglint::fix {
namespace {

namespace fs = std::filesystem;

enum class Form { golang_migrate, diesel, prisma, flyway };

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A version as its layout orders them: numbers (golang-migrate, Prisma),
// text (diesel's `2024-01-31-120000`), dot-separated numbers (Flyway).
int compare_versions(Form form, const std::string& a, const std::string& b) {
    if (form == Form::diesel) return a.compare(b);
    if (form == Form::flyway) {
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() || j < b.size()) {
            const auto part = [](const std::string& s, std::size_t& at) {
                const auto end = std::min(s.find('.', at), s.size());
                auto digits = s.substr(at, end - at);
                at = end + 1;
                digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
                return digits;
            };
            const auto x = i < a.size() ? part(a, i) : std::string();
            const auto y = j < b.size() ? part(b, j) : std::string();
            if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
            if (const auto c = x.compare(y); c != 0) return c;
        }
        return 0;
    }
    const auto strip = [](const std::string& s) { return s.substr(std::min(s.find_first_not_of('0'), s.size())); };
    const auto x = strip(a);
    const auto y = strip(b);
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    return x.compare(y);
}

// The version an entry of the set folder (a file, or a version folder) claims; empty when none.
std::string version_of(Form form, const std::string& name) {
    switch (form) {
        case Form::golang_migrate:
        case Form::flyway: {
            const auto classified = classify_layout(name);
            const bool ours = form == Form::flyway
                                  ? classified.layout == NameLayout::flyway_versioned
                                  : classified.layout == NameLayout::up_file || classified.layout == NameLayout::down_file;
            return ours ? classified.version : std::string();
        }
        case Form::diesel: {
            const auto end = name.find('_');
            const auto version = name.substr(0, end);
            return std::any_of(version.begin(), version.end(), is_digit) ? version : std::string();
        }
        case Form::prisma: {
            std::size_t end = 0;
            while (end < name.size() && is_digit(name[end])) ++end;
            return end > 0 && end < name.size() && name[end] == '_' ? name.substr(0, end) : std::string();
        }
    }
    return {};
}

// The last run of digits of `version` plus one, its width kept; empty when it would overflow the width.
std::string increment_digits(const std::string& version) {
    std::string out = version;
    auto end = out.size();
    while (end > 0 && !is_digit(out[end - 1])) --end;
    if (end == 0) return {};
    for (auto i = end; i > 0 && is_digit(out[i - 1]); --i) {
        if (out[i - 1] != '9') {
            ++out[i - 1];
            return out;
        }
        out[i - 1] = '0';
    }
    return {};  // 999 + 1 does not fit
}

struct Shape {
    Form form;
    fs::path set;         // the folder the versions live in
    std::string version;  // the version of the migration the statement comes from
};

std::optional<Shape> shape_of(const std::string& from) {
    const auto name = classify_layout(from);
    const fs::path path(from);
    switch (name.layout) {
        case NameLayout::up_file: return Shape{Form::golang_migrate, path.parent_path(), name.version};
        case NameLayout::flyway_versioned: return Shape{Form::flyway, path.parent_path(), name.version};
        case NameLayout::up_in_dir:
        case NameLayout::prisma_in_dir: {
            const auto form = name.layout == NameLayout::up_in_dir ? Form::diesel : Form::prisma;
            const auto version = version_of(form, path.parent_path().filename().string());
            if (version.empty()) return std::nullopt;
            return Shape{form, path.parent_path().parent_path(), version};
        }
        default: return std::nullopt;
    }
}

// A version after `lower` and before `next` (none: no later version), in the
// form's own spelling: the next number, else for diesel a suffix.
std::optional<std::string> version_between(Form form, const std::string& lower, const std::optional<std::string>& next) {
    const auto fits = [&](const std::string& v) {
        return !v.empty() && compare_versions(form, v, lower) > 0 && (!next || compare_versions(form, v, *next) < 0);
    };
    if (form == Form::flyway) {
        // 1.2 < 1.2.1 < 1.3; before a 1.2.1 already there, 1.2.0.1.
        std::string candidate = lower;
        for (int zeros = 0; zeros < 4; ++zeros) {
            if (fits(candidate + ".1")) return candidate + ".1";
            candidate += ".0";
        }
        return std::nullopt;
    }
    auto candidate = increment_digits(lower);
    if (fits(candidate)) return candidate;
    // diesel compares versions as text: 2024-01-01-120000-1 sorts between ...120000 and ...120001.
    if (form == Form::diesel && fits(lower + "-1")) return lower + "-1";
    return std::nullopt;
}

std::string undone_elsewhere() {
    return "-- Nothing to undo here: the down direction of the migration this statement came from undoes it.\n";
}

}  // namespace

Result<std::vector<NewFile>> place_split(const std::string& from, const SplitMigration& split,
                                         const std::set<std::string>& planned) {
    const auto shape = shape_of(from);
    if (!shape) return Error{"its layout takes no migration of its own", from, {}};
    std::vector<std::string> taken;
    std::error_code ec;
    const auto folder = shape->set.empty() ? fs::path(".") : shape->set;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto version = version_of(shape->form, it->path().filename().string());
        if (!version.empty()) taken.push_back(version);
    }
    if (ec) return Error{"cannot list " + folder.string() + ": " + ec.message(), from, {}};
    std::optional<std::string> next;
    for (const auto& v : taken) {
        if (compare_versions(shape->form, v, shape->version) > 0 && (!next || compare_versions(shape->form, v, *next) < 0)) {
            next = v;
        }
    }
    // Migrations this run already moves out after `from` come first.
    auto lower = shape->version;
    for (const auto& path : planned) {
        const fs::path p(path);
        const auto entry = shape->form == Form::diesel || shape->form == Form::prisma ? p.parent_path() : p;
        if (entry.parent_path() != shape->set) continue;
        const auto v = version_of(shape->form, entry.filename().string());
        if (v.empty() || compare_versions(shape->form, v, lower) <= 0) continue;
        if (next && compare_versions(shape->form, v, *next) >= 0) continue;
        lower = v;
    }
    const auto version = version_between(shape->form, lower, next);
    if (!version) {
        return Error{"no version is free between " + lower + " and " + next.value_or("the end") +
                         " for a migration of its own",
                     from, {}};
    }
    const auto& title = split.title;
    const auto down = split.down.empty() ? undone_elsewhere() : split.down;
    const auto set = shape->set.empty() ? std::string() : shape->set.string() + "/";
    switch (shape->form) {
        case Form::golang_migrate:
            return std::vector<NewFile>{{set + *version + "_" + title + ".up.sql", split.up},
                                        {set + *version + "_" + title + ".down.sql", down}};
        case Form::diesel: {
            const auto dir = set + *version + "_" + title + "/";
            // diesel runs a migration in a transaction unless its metadata.toml says not to.
            return std::vector<NewFile>{{dir + "up.sql", split.up},
                                        {dir + "down.sql", down},
                                        {dir + "metadata.toml", "run_in_transaction = false\n"}};
        }
        case Form::prisma: return std::vector<NewFile>{{set + *version + "_" + title + "/migration.sql", split.up}};
        case Form::flyway: {
            auto spelled = *version;
            std::replace(spelled.begin(), spelled.end(), '.', '_');
            return std::vector<NewFile>{{set + "V" + spelled + "__" + title + ".sql", split.up}};
        }
    }
    return Error{"its layout takes no migration of its own", from, {}};
}

Result<std::vector<NewFile>> files_created_by(const Fix& fix, const std::string& from, const std::set<std::string>& planned) {
    auto files = fix.new_files;
    if (fix.split) {
        auto placed = place_split(from, *fix.split, planned);
        if (!placed) return placed.error();
        files.insert(files.end(), placed->begin(), placed->end());
    }
    return files;
}

}  // namespace miglint::fix

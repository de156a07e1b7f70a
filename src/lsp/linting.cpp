#include "lsp/linting.hpp"

#include "config/config.hpp"
#include "pipeline/source_overlay.hpp"
#include "pipeline/database_stats.hpp"
#include "pipeline/table_sizes.hpp"
#include "pipeline/table_stats.hpp"
#include "pipeline/file_layout.hpp"

#include <algorithm>
#include <filesystem>

namespace miglint::lsp {
namespace fs = std::filesystem;

bool is_lintable(const Document& doc) {
    if (doc.path) {
        const auto ext = fs::path(*doc.path).extension().string();
        if (ext == ".sql" || ext == ".py") return true;
    }
    return doc.language_id == "sql" || doc.language_id == "python";
}

namespace {

// The migration candidates directly in `folder`, sorted. Not recursive: a
// document in a project's root must not make every keystroke lint the whole tree.
std::vector<std::string> sibling_files(const std::string& folder) {
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension().string();
        std::error_code type_ec;
        if ((ext == ".sql" || ext == ".py") && it->is_regular_file(type_ec)) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The files of a folder-per-migration set (diesel's <version>/up.sql and
// down.sql, Prisma's <ts>_<name>/migration.sql): one level down, sorted, as
// discovery reads them, so the editor replays the same history as the CLI.
std::vector<std::string> version_folder_files(const std::string& set_folder) {
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator dir(set_folder, ec), end; !ec && dir != end; dir.increment(ec)) {
        std::error_code type_ec;
        if (!dir->is_directory(type_ec)) continue;
        std::error_code inner_ec;
        for (fs::directory_iterator it(dir->path(), inner_ec); !inner_ec && it != end; it.increment(inner_ec)) {
            const auto path = it->path().string();
            if (classify_layout(path).set_folder.empty()) continue;
            std::error_code file_ec;
            if (it->is_regular_file(file_ec)) files.push_back(path);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A Python file that is no Alembic revision has nothing to lint, and neither have its siblings for it.
bool is_plain_python(const Document& doc) {
    if (!doc.path || fs::path(*doc.path).extension() != ".py") return false;
    return !parse_migration(std::make_shared<const SourceText>(*doc.path, doc.text)).has_value();
}

// Reads the table sizes `settings` names now, the database's once per
// session, so the lint itself reads none (same precedence: live numbers win).
void read_sizes_once(Settings& settings, DatabaseSizes& database, std::vector<Error>& errors) {
    if (!settings.table_stats_path.empty()) {
        if (auto rows = read_table_stats(settings.table_stats_path)) {
            for (const auto& [table, count] : *rows) settings.table_rows[table] = count;
        } else {
            errors.push_back(rows.error());
        }
    }
    if (!settings.database_url.empty()) {
        const auto& rows = database.rows(settings.database_url);
        if (rows) {
            for (const auto& [table, count] : *rows) settings.table_rows[table] = count;
        } else {
            errors.push_back(rows.error());
        }
        use_server_version(settings, database.server_version(settings.database_url));
    }
    settings.table_stats_path.clear();
    settings.database_url.clear();
}

}  // namespace

std::string set_folder_of(const std::string& path) {
    auto set = classify_layout(path).set_folder;
    return set.empty() ? fs::path(path).parent_path().string() : set;
}

const Result<std::map<std::string, std::uint64_t>>& DatabaseSizes::rows(const std::string& url) {
    auto it = m_by_url.find(url);
    if (it == m_by_url.end()) {
        std::optional<PgVersion> version;
        it = m_by_url.emplace(url, read_database_stats(url, {}, &version)).first;
        m_versions[url] = version;
    }
    return it->second;
}

std::optional<PgVersion> DatabaseSizes::server_version(const std::string& url) const {
    const auto it = m_versions.find(url);
    return it != m_versions.end() ? it->second : std::nullopt;
}

FolderLint lint_document(const Document& doc, const DocumentStore& store, DatabaseSizes& database, ParseCache& parses) {
    FolderLint out;
    Settings settings;
    const auto start = doc.path ? fs::path(*doc.path) : fs::current_path();
    if (auto used = config::load_discovered(start, settings, out.warnings); !used) {
        out.errors.push_back(used.error());
        settings = Settings{};
    }
    // What the editor's own environment names, as the command line reads it; never the repository's config.
    config::apply_environment(settings);
    read_sizes_once(settings, database, out.errors);
    LintOutput output;
    std::error_code ec;
    if (doc.path && fs::is_regular_file(*doc.path, ec)) {
        if (is_plain_python(doc)) return out;  // alone, with no findings: its siblings keep theirs
        out.folder = set_folder_of(*doc.path);
        const bool per_version = out.folder != fs::path(*doc.path).parent_path().string();
        output = lint_paths(per_version ? version_folder_files(out.folder) : sibling_files(out.folder), settings,
                            store.overlay(), parses);
    } else {
        // Not on disk (yet): lint the buffer alone, named so its front end is chosen right.
        const auto name =
            doc.path ? *doc.path : std::string(doc.language_id == "python" ? "untitled.py" : "untitled.sql");
        output = lint_text(name, doc.text, settings);
    }
    for (auto& finding : output.findings) {
        if (!finding.suppressed) out.findings.push_back(std::move(finding));
    }
    return out;
}

std::vector<Finding> findings_of(const std::vector<Finding>& findings, const std::string& path) {
    std::vector<Finding> out;
    for (const auto& finding : findings) {
        if (overlay_key(finding.path()) == path) out.push_back(finding);
    }
    return out;
}

}  // namespace miglint::lsp

// Linting an open document the way the command line lints its folder, with
// the editor's unsaved buffers in place of the files on disk.
#pragma once

#include "lsp/document_store.hpp"

#include <miglint/parse_cache.hpp>
#include <miglint/pg_version.hpp>
#include <miglint/result.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace miglint::lsp {

// True for the documents miglint lints: .sql files and Python files (which
// are linted when they are Alembic revisions).
bool is_lintable(const Document& doc);

// Table sizes read from a live database (`database-url`), kept for the
// session: a lint runs on every keystroke, a connection may take seconds.
class DatabaseSizes {
public:
    // The sizes `url` reports, read on first use (a failure is kept too).
    const Result<std::map<std::string, std::uint64_t>>& rows(const std::string& url);
    // The server's version, once `rows(url)` has connected; empty before or on failure.
    [[nodiscard]] std::optional<PgVersion> server_version(const std::string& url) const;

private:
    std::map<std::string, Result<std::map<std::string, std::uint64_t>>> m_by_url;
    std::map<std::string, std::optional<PgVersion>> m_versions;
};

struct FolderLint {
    // The folder linted (absolute); empty when the document was linted alone.
    std::string folder;
    // Unsuppressed findings of every file linted, sorted.
    std::vector<Finding> findings;
    // A config file that could not be read (the lint then used the
    // defaults), or a table-size source that failed.
    std::vector<Error> errors;
    // Config settings ignored because a repository's file may not set them.
    std::vector<Error> warnings;
};

// The folder of the migration set `path` replays in: the folder above the
// version folder for diesel's <version>/up.sql (or down.sql) and Prisma's
// <ts>_<name>/migration.sql, else the file's own folder.
std::string set_folder_of(const std::string& path);

// Lints `doc` with the config discovered from its folder. A file on disk is
// linted with its sibling migrations (the .sql and .py files of its folder,
// not below it; in a folder-per-migration layout the version folders' files
// of its set; every open buffer of `store` overlaid), so findings that need
// earlier migrations appear; a document that is not a file on disk is linted
// alone, and a Python file that is no Alembic revision not at all. The folder's
// files are parsed through `parses`: only the ones changed since the last lint again.
FolderLint lint_document(const Document& doc, const DocumentStore& store, DatabaseSizes& database, ParseCache& parses);

// The findings of `findings` that lie in the file at `path` (absolute, normalised).
std::vector<Finding> findings_of(const std::vector<Finding>& findings, const std::string& path);

}  // namespace miglint::lsp

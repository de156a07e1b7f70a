// Linting an open document the way the command line lints its folder, with
// the editor's unsaved buffers in place of the files on disk.
#pragma once

#include "lsp/document_store.hpp"

#include <miglint/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace miglint::lsp {

// True for the documents miglint lints: .sql files and Python files (which
// are linted when they are Alembic revisions).
bool is_lintable(const Document& doc);

struct FolderLint {
    // The folder linted (absolute); empty when the document was linted alone.
    std::string folder;
    // Unsuppressed findings of every file linted, sorted.
    std::vector<Finding> findings;
    // A config file that could not be read; the lint then used the defaults.
    std::optional<Error> config_error;
};

// Lints `doc` with the config discovered from its folder. A file on disk is
// linted with its sibling migrations (the .sql and .py files of its folder,
// not below it, every open buffer of `store` overlaid), so findings that need
// earlier migrations appear; a document that is not a file on disk is linted
// alone, and a Python file that is no Alembic revision not at all.
FolderLint lint_document(const Document& doc, const DocumentStore& store);

// The findings of `findings` that lie in the file at `path` (absolute, normalised).
std::vector<Finding> findings_of(const std::vector<Finding>& findings, const std::string& path);

}  // namespace miglint::lsp

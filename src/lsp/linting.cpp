#include "lsp/linting.hpp"

#include "config/config.hpp"
#include "core/source_overlay.hpp"

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

FolderLint lint_document(const Document& doc, const DocumentStore& store) {
    FolderLint out;
    Settings settings;
    const auto start = doc.path ? fs::path(*doc.path) : fs::current_path();
    if (auto used = config::load_discovered(start, settings); !used) {
        out.config_error = used.error();
        settings = Settings{};
    }
    LintOutput output;
    std::error_code ec;
    if (doc.path && fs::is_regular_file(*doc.path, ec)) {
        out.folder = fs::path(*doc.path).parent_path().string();
        output = lint_paths({out.folder}, settings, store.overlay());
    } else {
        // Not on disk (yet): lint the buffer alone, named so its front end is chosen right.
        const auto name = doc.path ? *doc.path : std::string(doc.language_id == "python" ? "untitled.py" : "untitled.sql");
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

// The documents the editor has open: their current text and the findings of
// their last lint.
#pragma once

#include <miglint/finding.hpp>
#include "pipeline/lint.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace miglint::lsp {

struct Document {
    std::string uri;
    std::string language_id;
    std::optional<std::string> path;  // absolute, normalised; empty for a non-file URI
    std::string text;
    std::int64_t version = 0;
    // The text as last linted, and its unsuppressed findings; code actions
    // and hover read positions against this text.
    std::shared_ptr<const SourceText> linted;
    std::vector<Finding> findings;
};

class DocumentStore {
public:
    Document& open(const std::string& uri, const std::string& language_id, std::string text, std::int64_t version);
    void close(const std::string& uri);
    // The open document `uri`, or null.
    [[nodiscard]] Document* find(const std::string& uri);
    [[nodiscard]] std::vector<Document*> all();
    // Every open file's unsaved text, keyed by path, for lint_paths.
    [[nodiscard]] SourceOverlay overlay() const;

private:
    std::map<std::string, Document> m_documents;
};

}  // namespace miglint::lsp

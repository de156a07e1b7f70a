#include "lsp/document_store.hpp"

#include "lsp/uri.hpp"

namespace miglint::lsp {

Document& DocumentStore::open(const std::string& uri, const std::string& language_id, std::string text,
                              std::int64_t version) {
    auto& doc = m_documents[uri];
    doc = Document{};
    doc.uri = uri;
    doc.language_id = language_id;
    doc.path = path_of_uri(uri);
    doc.text = std::move(text);
    doc.version = version;
    return doc;
}

void DocumentStore::close(const std::string& uri) {
    m_documents.erase(uri);
}

Document* DocumentStore::find(const std::string& uri) {
    const auto it = m_documents.find(uri);
    return it == m_documents.end() ? nullptr : &it->second;
}

std::vector<Document*> DocumentStore::all() {
    std::vector<Document*> out;
    for (auto& [uri, doc] : m_documents) out.push_back(&doc);
    return out;
}

SourceOverlay DocumentStore::overlay() const {
    SourceOverlay out;
    for (const auto& [uri, doc] : m_documents) {
        if (doc.path) out[*doc.path] = doc.text;
    }
    return out;
}

}  // namespace miglint::lsp

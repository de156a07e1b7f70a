// textDocument/hover on a flagged span: what the rule says, the lock, the safe way.
#pragma once

#include "lsp/document_store.hpp"
#include "lsp/protocol.hpp"

namespace miglint::lsp {

// The Hover for the findings of `doc` whose span holds `params.position`, as
// markdown; null when no finding is there.
Json hover(const Document& doc, const Json& params, PositionEncoding encoding);

// The markdown for one finding: rule id, message, the lock the rule's
// statements take, the safe alternative and the rule's page.
std::string hover_markdown(const Finding& finding);

}  // namespace miglint::lsp

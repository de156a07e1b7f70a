// Findings as LSP diagnostics.
#pragma once

#include "lsp/document_store.hpp"
#include "lsp/protocol.hpp"

namespace miglint::lsp {

// One finding as a Diagnostic: range in `encoding`, severity, the rule id as
// code with its documentation link, source "miglint" and the message.
Json diagnostic_of(const Finding& finding, PositionEncoding encoding);

// The params of textDocument/publishDiagnostics for `doc`'s current findings.
Json publish_params(const Document& doc, PositionEncoding encoding);

}  // namespace miglint::lsp

// textDocument/codeAction: the findings' mechanical fixes, and "Ignore
// <rule> on this line" and "Ignore <rule> in this file" actions for every finding.
#pragma once

#include "lsp/document_store.hpp"
#include "lsp/protocol.hpp"

namespace miglint::lsp {

// What the client can apply besides edits of the open document.
struct ClientEdits {
    // documentChanges with `create` resource operations: a fix that writes a
    // runner's switch file or a migration of its own is offered too.
    bool creates_files = false;
};

// The quick fixes for the findings of `doc` on the lines `params.range`
// touches; `params` is CodeActionParams. An `only` filter without
// "quickfix" yields none.
Json code_actions(const Document& doc, const Json& params, PositionEncoding encoding, ClientEdits client = {});

// The edit that suppresses `finding`: a `miglint: ignore` comment line above
// the finding's first line, indented like it, ended as the file ends lines.
// In Python a `#` comment, except inside a triple-quoted SQL string, where
// it is an SQL `--` comment. When the line above already holds a directive
// naming rules, the rule is added to its list instead.
Edit ignore_edit(const Finding& finding);

// The edit that suppresses `finding`'s rule in its whole file: the rule added
// to a `miglint: ignore-file` directive naming rules, when the file has one;
// else a directive line at the top (after a byte order mark, and in Python
// after a shebang and an encoding line), `#` in Python, `--` in SQL.
Edit ignore_file_edit(const Finding& finding);

}  // namespace miglint::lsp

#!/usr/bin/env python3
"""Writes LSP sessions for the fuzz_lsp seed corpus: one per migration given.

Each session opens the migration (under a path that does not exist, so the
server lints the buffer alone and reads nothing from disk), asks for code
actions and hovers on every line that expects a finding, edits, saves, closes
and shuts down. fuzz/fuzz_lsp.cpp sends `initialize` before it.

Usage: make_lsp_seeds.py OUT_DIR MIGRATION...
"""
import hashlib
import json
import os
import re
import sys


def frame(message):
    body = json.dumps(message, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def session(name, text):
    uri = "file:///miglint-fuzz/versions/" + name
    language = "python" if name.endswith(".py") else "sql"
    doc = {"uri": uri}
    messages = [
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}},
    ]
    request_id = 1
    for number, line in enumerate(text.splitlines()):
        if "expect:" not in line:
            continue
        position = {"line": number, "character": len(line) // 2}
        messages.append({"jsonrpc": "2.0", "id": request_id, "method": "textDocument/codeAction",
                         "params": {"textDocument": doc, "range": {"start": {"line": number, "character": 0},
                                                                   "end": position},
                                    "context": {"diagnostics": []}}})
        messages.append({"jsonrpc": "2.0", "id": request_id + 1, "method": "textDocument/hover",
                         "params": {"textDocument": doc, "position": position}})
        request_id += 2
    edited = re.sub(r"--[^\n]*expect:[^\n]*", "", text)
    messages += [
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": doc}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": doc}},
        {"jsonrpc": "2.0", "id": request_id, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    return b"".join(frame(m) for m in messages)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            data = session(os.path.basename(path), f.read())
        digest = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(out_dir, "session-" + digest), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

// One-document LSP sessions for the feature tests: open a file, ask, read
// the diagnostics and code actions back.
#pragma once

#include "lsp_test_client.hpp"

#include <set>
#include <string>
#include <vector>

namespace miglint::testing {

// The frames that end a session cleanly.
extern const std::string k_shutdown_exit;

// Opens `text` as `path` (written to disk too, so siblings are read), then runs `requests`.
SessionResult open_and_ask(const std::string& path, const std::string& text, const std::string& requests = "",
                           const std::vector<std::string>& encodings = {}, Transport transport = Transport::in_process);

Json code_action_request(int id, const std::string& path, const Json& range);

// "rule@line" (0-based) for every diagnostic.
std::multiset<std::string> rules_and_lines(const Json& params);

// The action titled `title`, or null.
Json action_titled(const Json& actions, const std::string& title);

Json edits_of(const Json& action, const std::string& path);

// `text`, opened as `path`, after the code action titled `title` offered on
// 0-based `line` is applied; "(no action)" when none is offered.
std::string after_action(const std::string& path, const std::string& text, unsigned line, const std::string& title);

}  // namespace miglint::testing

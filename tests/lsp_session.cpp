#include "lsp_session.hpp"

namespace miglint::testing {

const std::string k_shutdown_exit = lsp_frame(lsp_request(99, "shutdown")) + lsp_frame(lsp_notification("exit"));

SessionResult open_and_ask(const std::string& path, const std::string& text, const std::string& requests,
                           const std::vector<std::string>& encodings, Transport transport) {
    const auto language = path.ends_with(".py") ? "python" : "sql";
    return run_session(lsp_frame(lsp_initialize(1, encodings)) + lsp_frame(lsp_notification("initialized")) +
                           lsp_frame(lsp_did_open(lsp_uri(path), text, language)) + requests + k_shutdown_exit,
                       transport);
}

Json code_action_request(int id, const std::string& path, const Json& range) {
    return lsp_request(
        id, "textDocument/codeAction",
        {{"textDocument", {{"uri", lsp_uri(path)}}}, {"range", range}, {"context", {{"diagnostics", Json::array()}}}});
}

std::multiset<std::string> rules_and_lines(const Json& params) {
    std::multiset<std::string> out;
    for (const auto& d : params["diagnostics"])
        out.insert(d["code"].get<std::string>() + "@" + std::to_string(d["range"]["start"]["line"].get<int>()));
    return out;
}

Json action_titled(const Json& actions, const std::string& title) {
    for (const auto& a : actions) {
        if (a["title"] == title) return a;
    }
    return nullptr;
}

Json edits_of(const Json& action, const std::string& path) {
    return action["edit"]["changes"][lsp_uri(path)];
}

std::string after_action(const std::string& path, const std::string& text, unsigned line, const std::string& title) {
    const auto session = open_and_ask(path, text, lsp_frame(code_action_request(2, path, lsp_range(line, 0, line, 0))));
    const auto action = action_titled(session.reply(2)["result"], title);
    return action.is_object() ? apply_lsp_edits(text, edits_of(action, path)) : std::string("(no action)");
}

}  // namespace miglint::testing

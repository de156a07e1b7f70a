#include "lsp/server.hpp"

#include "lsp/code_actions.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/hover.hpp"
#include "lsp/linting.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <set>

namespace miglint::lsp {
namespace {

// No LSP message nests deeper than a few levels; copying or printing a value
// nested thousands deep recurses, and would exhaust the stack.
constexpr int k_max_nesting = 64;

struct TooDeep {};

// A parser callback that stops the (iterative) parse before a value nests too deeply.
bool refuse_deep_nesting(int depth, Json::parse_event_t /*event*/, Json& /*parsed*/) {
    if (depth > k_max_nesting) throw TooDeep{};
    return true;
}

// A JSON-RPC id is a string or an integer (null only in replies to unreadable requests).
bool is_valid_id(const Json& id) {
    return id.is_string() || id.is_number_integer();
}

// True when the client applies documentChanges that create files.
bool creates_files(const Json& params) {
    const auto capabilities = params.value("capabilities", Json::object());
    if (!capabilities.is_object()) return false;
    const auto workspace = capabilities.value("workspace", Json::object());
    if (!workspace.is_object()) return false;
    const auto edit = workspace.value("workspaceEdit", Json::object());
    if (!edit.is_object() || edit.value("documentChanges", false) != true) return false;
    const auto operations = edit.value("resourceOperations", Json::array());
    return operations.is_array() && std::find(operations.begin(), operations.end(), "create") != operations.end();
}

bool offers_utf8(const Json& params) {
    const auto capabilities = params.value("capabilities", Json::object());
    if (!capabilities.is_object()) return false;
    const auto general = capabilities.value("general", Json::object());
    if (!general.is_object() || !general.contains("positionEncodings") || !general["positionEncodings"].is_array()) {
        return false;
    }
    for (const auto& encoding : general["positionEncodings"]) {
        if (encoding == "utf-8") return true;
    }
    return false;
}

const Json& text_document_of(const Json& params) {
    if (!params.is_object() || !params.contains("textDocument") || !params["textDocument"].is_object()) {
        throw RpcError(ErrorCode::invalid_params, "missing `textDocument`");
    }
    return params["textDocument"];
}

std::string uri_of(const Json& params) {
    const auto& document = text_document_of(params);
    if (!document.contains("uri") || !document["uri"].is_string())
        throw RpcError(ErrorCode::invalid_params, "missing `uri`");
    return document["uri"].get<std::string>();
}

}  // namespace

Server::Server(std::ostream& out) : m_writer(out) {
    m_requests = {
        {"initialize", &Server::initialize},
        {"shutdown", &Server::shutdown},
        {"textDocument/codeAction", &Server::code_action},
        {"textDocument/hover", &Server::hover_at},
    };
    m_notifications = {
        {"initialized", &Server::ignore},
        {"textDocument/didOpen", &Server::did_open},
        {"textDocument/didChange", &Server::did_change},
        {"textDocument/didSave", &Server::did_save},
        {"textDocument/didClose", &Server::did_close},
    };
}

int Server::run(std::istream& in, int input_fd, std::chrono::milliseconds quiet) {
    m_input_fd = input_fd;
    m_quiet = quiet;
    MessageReader reader(in);
    while (!m_exited) {
        if (!m_scheduled.empty() && !input_waiting(reader)) lint_scheduled();
        auto frame = reader.next();
        if (frame.kind == Frame::Kind::end) {
            lint_scheduled();  // the client's last edits still get their diagnostics
            break;
        }
        if (frame.kind == Frame::Kind::bad_frame) {
            log(2, "miglint: skipped a bad frame: " + frame.problem);
            continue;
        }
        handle(frame.body, reader);
    }
    return exit_code();
}

void Server::handle(const std::string& body, MessageReader& reader) {
    try {
        Json message;
        try {
            message = Json::parse(body, refuse_deep_nesting);
        } catch (const Json::parse_error& e) {
            reader.resume_inside(body);
            respond_error(nullptr, ErrorCode::parse_error, std::string("invalid JSON: ") + e.what());
            return;
        } catch (const TooDeep&) {
            respond_error(nullptr, ErrorCode::parse_error, "JSON nested too deeply");
            return;
        }
        if (!message.is_object()) {
            respond_error(nullptr, ErrorCode::invalid_request, "a message must be a JSON object");
            return;
        }
        const bool has_id = message.contains("id");
        if (has_id && !is_valid_id(message["id"])) {
            respond_error(nullptr, ErrorCode::invalid_request, "`id` must be a string or an integer");
            return;
        }
        if (!message.contains("method")) {
            // A reply to a request of ours; the server sends none that need one.
            if (!has_id) respond_error(nullptr, ErrorCode::invalid_request, "a message needs a `method`");
            return;
        }
        if (!message["method"].is_string()) {
            respond_error(has_id ? message["id"] : Json(nullptr), ErrorCode::invalid_request,
                          "`method` must be a string");
            return;
        }
        const auto method = message["method"].get<std::string>();
        const auto params = message.value("params", Json::object());
        if (has_id) {
            handle_request(message["id"], method, params);
        } else {
            handle_notification(method, params);
        }
    } catch (...) {
        // Writing the reply itself failed (or worse): nothing to answer, keep serving.
        log(1, "miglint: internal error while handling a message");
    }
}

void Server::handle_request(const Json& id, const std::string& method, const Json& params) {
    // A request reads findings (a hover, a quick fix) or ends the session: the edits before it are linted first.
    lint_scheduled();
    if (!m_initialized && method != "initialize") {
        respond_error(id, ErrorCode::server_not_initialized, "`initialize` must come first");
        return;
    }
    if (m_shutdown_requested) {
        respond_error(id, ErrorCode::invalid_request, "the server is shutting down");
        return;
    }
    const auto handler = m_requests.find(method);
    if (handler == m_requests.end()) {
        respond_error(id, ErrorCode::method_not_found, "unknown method `" + method + "`");
        return;
    }
    try {
        respond(id, (this->*handler->second)(params));
    } catch (const RpcError& e) {
        respond_error(id, e.code(), e.what());
    } catch (const Json::exception& e) {
        respond_error(id, ErrorCode::invalid_params, e.what());
    } catch (const std::exception& e) {
        respond_error(id, ErrorCode::internal_error, e.what());
    } catch (...) {
        respond_error(id, ErrorCode::internal_error, "unknown error");
    }
}

void Server::handle_notification(const std::string& method, const Json& params) {
    if (method == "exit") {
        lint_scheduled();
        m_exited = true;
        return;
    }
    // Before initialize and after shutdown, notifications are dropped (the spec's rule).
    if (!m_initialized || m_shutdown_requested) return;
    const auto handler = m_notifications.find(method);
    // Unknown notifications, `$/` ones included, are ignored as the spec asks.
    if (handler == m_notifications.end()) return;
    try {
        (this->*handler->second)(params);
    } catch (const std::exception& e) {
        log(1, "miglint: " + method + ": " + e.what());
    } catch (...) {
        log(1, "miglint: " + method + ": unknown error");
    }
}

Json Server::initialize(const Json& params) {
    if (m_initialized) throw RpcError(ErrorCode::invalid_request, "`initialize` was already received");
    m_encoding = offers_utf8(params) ? PositionEncoding::utf8 : PositionEncoding::utf16;
    m_client_edits.creates_files = creates_files(params);
    m_initialized = true;
    const Json capabilities = {
        {"positionEncoding", encoding_name(m_encoding)},
        // Full sync: each change sends the whole text, which a lint reads whole anyway.
        {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
        {"codeActionProvider", {{"codeActionKinds", Json::array({"quickfix"})}}},
        {"hoverProvider", true},
    };
    return {{"capabilities", capabilities}, {"serverInfo", {{"name", "miglint"}, {"version", MIGLINT_VERSION}}}};
}

Json Server::shutdown(const Json& /*params*/) {
    m_shutdown_requested = true;
    return nullptr;
}

Json Server::code_action(const Json& params) {
    auto* doc = m_documents.find(uri_of(params));
    if (doc == nullptr) return Json::array();
    return code_actions(*doc, params, m_encoding, m_client_edits);
}

Json Server::hover_at(const Json& params) {
    auto* doc = m_documents.find(uri_of(params));
    if (doc == nullptr) return nullptr;
    return hover(*doc, params, m_encoding);
}

void Server::did_open(const Json& params) {
    const auto& item = text_document_of(params);
    auto& doc = m_documents.open(uri_of(params), item.value("languageId", ""), item.at("text").get<std::string>(),
                                 item.value("version", std::int64_t{0}));
    schedule_lint(doc.uri);
}

void Server::did_change(const Json& params) {
    auto& doc = document_named(params);
    const auto& document = text_document_of(params);
    if (document.contains("version") && document["version"].is_number_integer()) doc.version = document["version"];
    for (const auto& change : params.at("contentChanges")) {
        if (!change.contains("range")) {
            doc.text = change.at("text").get<std::string>();
            continue;
        }
        // A ranged change, though the server asked for full sync: apply it to the current text.
        const SourceText current(doc.path.value_or(doc.uri), doc.text);
        const auto begin = from_lsp_position(current, change["range"].at("start"), m_encoding);
        const auto end = std::max(begin, from_lsp_position(current, change["range"].at("end"), m_encoding));
        doc.text.replace(begin, end - begin, change.at("text").get<std::string>());
    }
    schedule_lint(doc.uri);
}

void Server::did_save(const Json& params) {
    auto& doc = document_named(params);
    if (params.contains("text") && params["text"].is_string()) doc.text = params["text"].get<std::string>();
    schedule_lint(doc.uri);
}

void Server::did_close(const Json& params) {
    const auto uri = uri_of(params);
    auto* doc = m_documents.find(uri);
    if (doc == nullptr) return;
    const auto folder = doc->path ? set_folder_of(*doc->path) : std::string{};
    notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", Json::array()}});
    std::erase(m_scheduled, uri);
    m_documents.close(uri);
    // Its siblings now see the file on disk instead of the closed buffer.
    for (auto* other : m_documents.all()) {
        if (!folder.empty() && other->path && set_folder_of(*other->path) == folder && is_lintable(*other)) {
            schedule_lint(other->uri);
            break;
        }
    }
}

void Server::schedule_lint(const std::string& uri) {
    if (std::find(m_scheduled.begin(), m_scheduled.end(), uri) == m_scheduled.end()) m_scheduled.push_back(uri);
}

void Server::lint_scheduled() {
    std::vector<std::string> scheduled;
    scheduled.swap(m_scheduled);
    std::set<std::string> folders_done;  // a folder's lint publishes every open document in it
    for (const auto& uri : scheduled) {
        auto* doc = m_documents.find(uri);
        if (doc == nullptr) continue;
        if (doc->path && folders_done.count(set_folder_of(*doc->path)) > 0) continue;
        try {
            const auto folder = relint(*doc);
            if (!folder.empty()) folders_done.insert(folder);
        } catch (const std::exception& e) {
            log(1, "miglint: linting " + uri + ": " + e.what());
        }
    }
}

bool Server::input_waiting(const MessageReader& reader) const {
    if (reader.has_buffered_input()) return true;
    if (m_input_fd < 0) return false;
    pollfd watched{m_input_fd, POLLIN, 0};
    return ::poll(&watched, 1, static_cast<int>(m_quiet.count())) > 0;
}

void Server::ignore(const Json& /*params*/) {}

Document& Server::document_named(const Json& params) {
    auto* doc = m_documents.find(uri_of(params));
    if (doc == nullptr) throw RpcError(ErrorCode::invalid_params, "document is not open: " + uri_of(params));
    return *doc;
}

std::string Server::relint(Document& doc) {
    if (!is_lintable(doc)) return {};
    auto lint = lint_document(doc, m_documents, m_database_sizes, m_parses);
    std::string errors;
    for (const auto& error : lint.errors) errors += (errors.empty() ? "" : "; ") + error.display();
    if (!errors.empty() && errors != m_last_errors) show(1, "miglint: " + errors);
    m_last_errors = errors;
    std::string warnings;
    for (const auto& warning : lint.warnings) warnings += (warnings.empty() ? "" : "; ") + warning.display();
    if (!warnings.empty() && warnings != m_last_warnings) show(2, "miglint: " + warnings);
    m_last_warnings = warnings;
    if (lint.folder.empty()) {
        doc.linted = std::make_shared<const SourceText>(doc.path.value_or(doc.uri), doc.text);
        doc.findings = std::move(lint.findings);
        publish(doc);
        return {};
    }
    for (auto* sibling : m_documents.all()) {
        if (!sibling->path || set_folder_of(*sibling->path) != lint.folder || !is_lintable(*sibling)) continue;
        sibling->linted = std::make_shared<const SourceText>(*sibling->path, sibling->text);
        sibling->findings = findings_of(lint.findings, *sibling->path);
        publish(*sibling);
    }
    return lint.folder;
}

void Server::publish(const Document& doc) {
    notify("textDocument/publishDiagnostics", publish_params(doc, m_encoding));
}

void Server::respond(const Json& id, Json result) {
    m_writer.write({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::respond_error(const Json& id, ErrorCode code, const std::string& message) {
    m_writer.write(
        {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}});
}

void Server::notify(const std::string& method, Json params) {
    m_writer.write({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

void Server::log(int type, const std::string& message) {
    notify("window/logMessage", {{"type", type}, {"message", message}});
}

void Server::show(int type, const std::string& message) {
    notify("window/showMessage", {{"type", type}, {"message", message}});
}

int run_server(std::istream& in, std::ostream& out) {
    return Server(out).run(in, &in == &std::cin ? STDIN_FILENO : -1);
}

}  // namespace miglint::lsp

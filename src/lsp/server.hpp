// The language server: JSON-RPC dispatch over LSP frames, and the state of
// one session (negotiated encoding, open documents, shutdown).
//
// Driven by `run_server`, which reads frames from `in` and writes responses
// and notifications to `out`. No globals and no std::exit, so a test or a
// fuzzer can run it on string streams.
#pragma once

#include "lsp/code_actions.hpp"
#include "lsp/document_store.hpp"
#include "lsp/linting.hpp"
#include "lsp/message_reader.hpp"
#include "lsp/message_writer.hpp"
#include "lsp/protocol.hpp"

#include <chrono>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace miglint::lsp {

class Server {
public:
    explicit Server(std::ostream& out);

    // Reads and handles messages until the input ends or `exit` arrives;
    // returns the exit code: 0 when `shutdown` came first, else 1.
    // Edits are linted once the client pauses: when no input is buffered and
    // none arrives on `input_fd` (the descriptor `in` reads, or -1 for a
    // stream of its own, such as a test's string) within `quiet`. A burst of
    // edits is one lint, not one per keystroke; a request is answered after
    // the lints pending before it, so it never reads stale findings.
    int run(std::istream& in, int input_fd = -1, std::chrono::milliseconds quiet = std::chrono::milliseconds(50));

    // Handles one frame body. Never throws: a failing handler becomes an
    // error response (requests) or a log message (notifications).
    void handle(const std::string& body, MessageReader& reader);

    [[nodiscard]] bool exited() const { return m_exited; }
    [[nodiscard]] int exit_code() const { return m_shutdown_requested ? 0 : 1; }

private:
    using RequestHandler = Json (Server::*)(const Json&);
    using NotificationHandler = void (Server::*)(const Json&);

    void handle_request(const Json& id, const std::string& method, const Json& params);
    void handle_notification(const std::string& method, const Json& params);

    Json initialize(const Json& params);
    Json shutdown(const Json& params);
    Json code_action(const Json& params);
    Json hover_at(const Json& params);
    void did_open(const Json& params);
    void did_change(const Json& params);
    void did_save(const Json& params);
    void did_close(const Json& params);
    void ignore(const Json& params);

    // Lints `doc` and publishes diagnostics for it and every open sibling in
    // its folder; returns that folder (empty when `doc` was linted alone).
    std::string relint(Document& doc);
    // Marks the document at `uri` to be linted at the next pause.
    void schedule_lint(const std::string& uri);
    // Lints every document scheduled, each folder once.
    void lint_scheduled();
    // True when the client has sent more already, or does within `m_quiet`.
    bool input_waiting(const MessageReader& reader) const;
    void publish(const Document& doc);
    Document& document_named(const Json& params);

    void respond(const Json& id, Json result);
    void respond_error(const Json& id, ErrorCode code, const std::string& message);
    void notify(const std::string& method, Json params);
    // window/logMessage (type 1 error … 4 log) and window/showMessage.
    void log(int type, const std::string& message);
    void show(int type, const std::string& message);

    MessageWriter m_writer;
    DocumentStore m_documents;
    PositionEncoding m_encoding = PositionEncoding::utf16;
    ClientEdits m_client_edits;
    bool m_initialized = false;
    bool m_shutdown_requested = false;
    bool m_exited = false;
    std::string m_last_errors;  // config and table-size errors, shown once, not on every keystroke
    std::string m_last_warnings;  // config settings ignored, likewise
    DatabaseSizes m_database_sizes;
    ParseCache m_parses;  // the open folders' files, parsed once per change
    std::vector<std::string> m_scheduled;  // documents to lint at the next pause, in the order edited
    int m_input_fd = -1;
    std::chrono::milliseconds m_quiet{0};
    std::map<std::string, RequestHandler> m_requests;
    std::map<std::string, NotificationHandler> m_notifications;
};

// Runs a server session on `in` and `out` (standard input and output for
// `miglint lsp`); returns its exit code.
int run_server(std::istream& in, std::ostream& out);

}  // namespace miglint::lsp

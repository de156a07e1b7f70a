// Talking LSP to miglint in tests: in-process through run_server on string
// streams, or to the real `miglint lsp` binary through two pipes.
#pragma once

#include <nlohmann/json.hpp>

#include <sys/types.h>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace miglint::testing {

using Json = nlohmann::json;

// `message` as one Content-Length frame.
std::string lsp_frame(const Json& message);
// Splits server output into its messages (bodies of well-formed frames).
std::vector<Json> lsp_messages(const std::string& output);

// Requests and notifications, spelled once.
Json lsp_request(int id, const std::string& method, Json params = Json::object());
Json lsp_notification(const std::string& method, Json params = Json::object());
Json lsp_initialize(int id, const std::vector<std::string>& encodings = {});
Json lsp_did_open(const std::string& uri, const std::string& text, const std::string& language = "sql");
Json lsp_position(unsigned line, unsigned character);
Json lsp_range(unsigned line, unsigned character, unsigned end_line, unsigned end_character);
// The file:// URI of `path`.
std::string lsp_uri(const std::string& path);

struct SessionResult {
    int exit_code = 0;
    std::vector<Json> messages;
    // The reply to request `id`; null when there was none.
    [[nodiscard]] Json reply(int id) const;
    // The last publishDiagnostics params for `uri`; null when none.
    [[nodiscard]] Json diagnostics(const std::string& uri) const;
};

// Where a session runs: in this process through run_server, or in the real
// `miglint lsp` binary (MIGLINT_BINARY) through pipes.
enum class Transport { in_process, binary };
inline constexpr Transport k_transports[] = {Transport::in_process, Transport::binary};

// Call first in a TEST_CASE to run it twice, as two subcases: in-process,
// then through the binary.
Transport each_transport();

// Runs a whole session: `input` (frames, possibly broken) is all the server
// reads, then its input is closed.
SessionResult run_session(const std::string& input, Transport transport = Transport::in_process);

// Applies LSP TextEdits (UTF-16 positions, no overlaps) to `text`.
std::string apply_lsp_edits(const std::string& text, const Json& edits);

// The real binary on the other end of two pipes.
class LspProcess {
public:
    explicit LspProcess(const std::string& binary);
    ~LspProcess();
    LspProcess(const LspProcess&) = delete;
    LspProcess& operator=(const LspProcess&) = delete;

    void send_raw(const std::string& bytes);
    void send(const Json& message) { send_raw(lsp_frame(message)); }
    // Reads messages until one satisfies `wanted`; null after `timeout`.
    Json wait_for(const std::function<bool(const Json&)>& wanted,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));
    Json wait_reply(int id) {
        return wait_for([id](const Json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
    }
    // Closes the server's input and waits for it to exit; its exit code, or -1 after `timeout`.
    int finish(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // Writes all of `input` while reading what the server writes (so neither
    // side blocks on a full pipe), closes the input, and returns everything
    // the server wrote until it closed its output.
    std::string exchange(const std::string& input, std::chrono::milliseconds timeout = std::chrono::seconds(60));

private:
    pid_t m_pid = -1;
    int m_to_server = -1;
    int m_from_server = -1;
    std::string m_buffer;
};

}  // namespace miglint::testing

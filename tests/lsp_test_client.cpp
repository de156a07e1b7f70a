#include "lsp_test_client.hpp"

#include "lsp/server.hpp"
#include "lsp/uri.hpp"

#include <miglint/source.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <csignal>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace miglint::testing {
namespace {

// Takes one complete frame's body off the front of `buffer`; false when none is complete yet.
bool take_frame(std::string& buffer, std::string& body) {
    const auto header_end = buffer.find("\r\n\r\n");
    if (header_end == std::string::npos) return false;
    const auto at = buffer.find("Content-Length: ");
    if (at == std::string::npos || at > header_end) throw std::runtime_error("server frame without Content-Length");
    const auto length = std::stoul(buffer.substr(at + 16, header_end - at - 16));
    if (buffer.size() < header_end + 4 + length) return false;
    body = buffer.substr(header_end + 4, length);
    buffer.erase(0, header_end + 4 + length);
    return true;
}

}  // namespace

std::string lsp_frame(const Json& message) {
    const auto body = message.dump();
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::vector<Json> lsp_messages(const std::string& output) {
    std::vector<Json> out;
    std::string buffer = output;
    std::string body;
    while (take_frame(buffer, body)) out.push_back(Json::parse(body));
    if (!buffer.empty()) throw std::runtime_error("trailing bytes after the server's last frame");
    return out;
}

Json lsp_request(int id, const std::string& method, Json params) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

Json lsp_notification(const std::string& method, Json params) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

Json lsp_initialize(int id, const std::vector<std::string>& encodings) {
    Json capabilities = Json::object();
    if (!encodings.empty()) capabilities["general"] = {{"positionEncodings", encodings}};
    return lsp_request(id, "initialize",
                       {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", capabilities}});
}

Json lsp_did_open(const std::string& uri, const std::string& text, const std::string& language) {
    return lsp_notification(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", text}}}});
}

Json lsp_position(unsigned line, unsigned character) {
    return {{"line", line}, {"character", character}};
}

Json lsp_range(unsigned line, unsigned character, unsigned end_line, unsigned end_character) {
    return {{"start", lsp_position(line, character)}, {"end", lsp_position(end_line, end_character)}};
}

std::string lsp_uri(const std::string& path) {
    return lsp::uri_of_path(path);
}

Json SessionResult::reply(int id) const {
    for (const auto& m : messages) {
        if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
    }
    return nullptr;
}

Json SessionResult::diagnostics(const std::string& uri) const {
    Json last = nullptr;
    for (const auto& m : messages) {
        if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) last = m["params"];
    }
    return last;
}

Transport each_transport() {
    auto transport = Transport::in_process;
    SUBCASE("in-process run_server") {
        transport = Transport::in_process;
    }
    SUBCASE("miglint lsp binary over pipes") {
        transport = Transport::binary;
    }
    return transport;
}

SessionResult run_session(const std::string& input, Transport transport) {
    SessionResult result;
    if (transport == Transport::binary) {
        LspProcess server(MIGLINT_BINARY);
        result.messages = lsp_messages(server.exchange(input));
        result.exit_code = server.finish();
        return result;
    }
    std::istringstream in(input);
    std::ostringstream out;
    result.exit_code = lsp::run_server(in, out);
    result.messages = lsp_messages(out.str());
    return result;
}

std::string apply_lsp_edits(const std::string& text, const Json& edits) {
    const SourceText source("edited", text);
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::string>> spans;
    for (const auto& edit : edits) {
        const auto& range = edit["range"];
        const auto offset = [&](const Json& p) {
            return source.offset_of({p["line"].get<std::uint32_t>() + 1, p["character"].get<std::uint32_t>() + 1},
                                    ColumnUnit::utf16);
        };
        spans.emplace_back(offset(range["start"]), offset(range["end"]), edit["newText"].get<std::string>());
    }
    // From the back, so earlier offsets stay valid.
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
    auto out = text;
    for (const auto& [begin, end, replacement] : spans) out.replace(begin, end - begin, replacement);
    return out;
}

LspProcess::LspProcess(const std::string& binary) {
    int to_server[2];
    int from_server[2];
    if (::pipe(to_server) != 0 || ::pipe(from_server) != 0) throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        ::dup2(to_server[0], STDIN_FILENO);
        ::dup2(from_server[1], STDOUT_FILENO);
        ::close(to_server[0]);
        ::close(to_server[1]);
        ::close(from_server[0]);
        ::close(from_server[1]);
        ::execl(binary.c_str(), binary.c_str(), "lsp", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(to_server[0]);
    ::close(from_server[1]);
    m_to_server = to_server[1];
    m_from_server = from_server[0];
    // A server that died must fail the test, not kill it with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
}

LspProcess::~LspProcess() {
    if (m_to_server >= 0) ::close(m_to_server);
    if (m_from_server >= 0) ::close(m_from_server);
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
}

void LspProcess::send_raw(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::write(m_to_server, bytes.data() + sent, bytes.size() - sent);
        if (n <= 0) throw std::runtime_error("the server stopped reading");
        sent += static_cast<std::size_t>(n);
    }
}

Json LspProcess::wait_for(const std::function<bool(const Json&)>& wanted, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        std::string body;
        while (take_frame(m_buffer, body)) {
            auto message = Json::parse(body);
            if (wanted(message)) return message;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return nullptr;
        pollfd fd{m_from_server, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
        char chunk[4096];
        const auto n = ::read(m_from_server, chunk, sizeof chunk);
        if (n <= 0) return nullptr;  // the server closed its output
        m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

std::string LspProcess::exchange(const std::string& input, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t sent = 0;
    std::string output;
    while (std::chrono::steady_clock::now() < deadline) {
        if (sent == input.size() && m_to_server >= 0) {
            ::close(m_to_server);
            m_to_server = -1;
        }
        pollfd fds[2] = {{m_from_server, POLLIN, 0}, {m_to_server, POLLOUT, 0}};
        if (::poll(fds, m_to_server >= 0 ? 2 : 1, 100) <= 0) continue;
        if ((fds[0].revents & (POLLIN | POLLHUP)) != 0) {
            char chunk[4096];
            const auto n = ::read(m_from_server, chunk, sizeof chunk);
            if (n <= 0) break;  // the server closed its output: it is done
            output.append(chunk, static_cast<std::size_t>(n));
        }
        if (m_to_server >= 0 && (fds[1].revents & POLLOUT) != 0) {
            const auto n = ::write(m_to_server, input.data() + sent, std::min<std::size_t>(input.size() - sent, 4096));
            if (n <= 0) {
                sent = input.size();  // it stopped reading (exited): send nothing more
            } else {
                sent += static_cast<std::size_t>(n);
            }
        }
    }
    return output;
}

int LspProcess::finish(std::chrono::milliseconds timeout) {
    if (m_to_server >= 0) ::close(m_to_server);
    m_to_server = -1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const auto done = ::waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        ::usleep(10'000);
    }
    return -1;
}

}  // namespace miglint::testing

// The LSP server's protocol handling, in-process: negotiation, lifecycle,
// framing errors and JSON-RPC errors, each followed by a request that must
// still be answered.
#include "lsp_test_client.hpp"

#include "lsp/message_reader.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace miglint::testing;

namespace {

const std::string k_shutdown_exit = lsp_frame(lsp_request(99, "shutdown")) + lsp_frame(lsp_notification("exit"));

// initialize, then `middle` (raw bytes), then a hover request (id 7) that must be answered.
SessionResult after_initialize(const std::string& middle, Transport transport = Transport::in_process) {
    const auto hover =
        lsp_request(7, "textDocument/hover",
                    {{"textDocument", {{"uri", "file:///nowhere/x.sql"}}}, {"position", lsp_position(0, 0)}});
    return run_session(lsp_frame(lsp_initialize(1)) + middle + lsp_frame(hover) + k_shutdown_exit, transport);
}

int error_code(const Json& reply) {
    return reply.is_object() && reply.contains("error") ? reply["error"]["code"].get<int>() : 0;
}

}  // namespace

TEST_SUITE("lsp") {
    TEST_CASE("initialize negotiates UTF-16 by default and UTF-8 when the client offers it") {
        const auto transport = each_transport();
        const auto plain = run_session(lsp_frame(lsp_initialize(1)) + k_shutdown_exit, transport);
        const auto caps = plain.reply(1)["result"]["capabilities"];
        CHECK(caps["positionEncoding"] == "utf-16");
        CHECK(caps["textDocumentSync"]["change"] == 1);
        CHECK(caps["textDocumentSync"]["openClose"] == true);
        CHECK(caps["hoverProvider"] == true);
        CHECK(caps["codeActionProvider"]["codeActionKinds"] == Json::array({"quickfix"}));
        CHECK(plain.reply(1)["result"]["serverInfo"]["name"] == "miglint");

        const auto utf8 = run_session(lsp_frame(lsp_initialize(1, {"utf-16", "utf-8"})) + k_shutdown_exit, transport);
        CHECK(utf8.reply(1)["result"]["capabilities"]["positionEncoding"] == "utf-8");
        const auto utf32_only = run_session(lsp_frame(lsp_initialize(1, {"utf-32"})) + k_shutdown_exit, transport);
        CHECK(utf32_only.reply(1)["result"]["capabilities"]["positionEncoding"] == "utf-16");
    }

    TEST_CASE("exit code is 0 after shutdown and 1 without it; requests after shutdown are refused") {
        CHECK(run_session(lsp_frame(lsp_initialize(1)) + k_shutdown_exit).exit_code == 0);
        CHECK(run_session(lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_notification("exit"))).exit_code == 1);
        // The input ending without exit: the editor went away.
        CHECK(run_session(lsp_frame(lsp_initialize(1))).exit_code == 1);
        const auto late = run_session(lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_request(2, "shutdown")) +
                                      lsp_frame(lsp_request(3, "textDocument/hover")) +
                                      lsp_frame(lsp_notification("exit")) + lsp_frame(lsp_request(4, "shutdown")));
        CHECK(late.reply(2)["result"].is_null());
        CHECK(error_code(late.reply(3)) == -32600);
        CHECK(late.reply(4).is_null());  // nothing is read after exit
        CHECK(late.exit_code == 0);
    }

    TEST_CASE("requests before initialize get ServerNotInitialized, notifications are dropped") {
        const auto early = run_session(lsp_frame(lsp_request(1, "textDocument/hover")) +
                                       lsp_frame(lsp_did_open("file:///tmp/x.sql", "DROP TABLE t;\n")) +
                                       lsp_frame(lsp_initialize(2)) + k_shutdown_exit);
        CHECK(error_code(early.reply(1)) == -32002);
        CHECK(early.reply(2).contains("result"));
        CHECK(early.diagnostics("file:///tmp/x.sql").is_null());
        const auto twice = run_session(lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_initialize(2)) + k_shutdown_exit);
        CHECK(error_code(twice.reply(2)) == -32600);
    }

    TEST_CASE("unknown requests get MethodNotFound, unknown notifications are ignored") {
        const auto session = after_initialize(lsp_frame(lsp_request(2, "textDocument/frobnicate")) +
                                              lsp_frame(lsp_notification("$/setTrace", {{"value", "off"}})) +
                                              lsp_frame(lsp_notification("workspace/unknown")));
        CHECK(error_code(session.reply(2)) == -32601);
        CHECK(session.reply(7)["result"].is_null());
        for (const auto& m : session.messages) CHECK(m.value("method", "") != "workspace/unknown");
        CHECK(session.exit_code == 0);
    }

    TEST_CASE("malformed JSON gets a ParseError with a null id, and the server keeps serving") {
        const auto session = after_initialize("Content-Length: 9\r\n\r\n{\"id\": 2,");
        bool parse_error = false;
        for (const auto& m : session.messages) {
            if (m.contains("error") && m["error"]["code"] == -32700) parse_error = m["id"].is_null();
        }
        CHECK(parse_error);
        CHECK(session.reply(7)["result"].is_null());
    }

    TEST_CASE("JSON nested too deeply gets a ParseError instead of exhausting the stack") {
        const auto deep = R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":)" +
                          std::string(100000, '[') + std::string(100000, ']') + "}";
        const auto session = after_initialize("Content-Length: " + std::to_string(deep.size()) + "\r\n\r\n" + deep);
        bool parse_error = false;
        for (const auto& m : session.messages) parse_error = parse_error || error_code(m) == -32700;
        CHECK(parse_error);
        CHECK(session.reply(7)["result"].is_null());
    }

    TEST_CASE("JSON that is not a request object gets InvalidRequest") {
        for (const std::string body : {"[1, 2]", "42", "\"text\"", "{\"id\": {\"a\": 1}, \"method\": \"x\"}",
                                       "{\"id\": 3, \"method\": 5}", "{\"jsonrpc\": \"2.0\"}"}) {
            CAPTURE(body);
            const auto session = after_initialize("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
            bool invalid = false;
            for (const auto& m : session.messages) invalid = invalid || error_code(m) == -32600;
            CHECK(invalid);
            CHECK(session.reply(7)["result"].is_null());
        }
    }

    TEST_CASE("bad frames are skipped and the reader resynchronises on the next header") {
        const auto transport = each_transport();
        const std::string body = R"({"jsonrpc":"2.0","id":5,"method":"shutdown"})";
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"missing Content-Length", "Content-Type: application/json\r\n\r\n" + body},
            {"non-numeric length", "Content-Length: twelve\r\n\r\n" + body},
            {"negative length", "Content-Length: -4\r\n\r\n" + body},
            {"huge length", "Content-Length: 99999999999999999999999\r\n\r\n" + body},
            {"garbage line", "hello there\r\n\r\n"},
            {"body with no header", body},
            {"truncated body", "Content-Length: 400\r\n\r\n{\"jsonrpc\":\"2.0\","},
            {"header line without end", std::string(20000, 'x')},
            {"blank lines between frames", "\r\n\r\n\r\n"},
        };
        for (const auto& [name, bytes] : cases) {
            CAPTURE(name);
            const auto session = after_initialize(bytes, transport);
            CHECK(session.reply(7)["result"].is_null());
            CHECK(session.exit_code == 0);
            // A frame skipped whole must not be answered as if it were read.
            CHECK(session.reply(5).is_null());
        }
    }

    TEST_CASE("a body that lies about its length does not swallow the next request") {
        // 60 bytes claimed, 20 sent: the next frame's header sits inside the claimed body.
        const auto session = after_initialize("Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",\"i");
        CHECK(session.reply(7)["result"].is_null());
        CHECK(session.exit_code == 0);
    }

    TEST_CASE("a request whose params are the wrong shape gets InvalidParams") {
        const auto session =
            after_initialize(lsp_frame(lsp_request(2, "textDocument/hover", {{"textDocument", 5}})) +
                             lsp_frame(lsp_request(3, "textDocument/codeAction", Json::array({1}))) +
                             lsp_frame(lsp_notification("textDocument/didOpen", {{"textDocument", {{"uri", 3}}}})) +
                             lsp_frame(lsp_notification("textDocument/didChange",
                                                        {{"textDocument", {{"uri", "file:///not/open.sql"}}}})));
        CHECK(error_code(session.reply(2)) == -32602);
        CHECK(error_code(session.reply(3)) == -32602);
        CHECK(session.reply(7)["result"].is_null());
    }

    TEST_CASE("MessageReader reads frames alone, with headers in any case and order") {
        std::istringstream in("content-type: x\r\nCONTENT-LENGTH:  2 \r\n\r\n{}Content-Length: 4\r\n\r\nnull");
        miglint::lsp::MessageReader reader(in);
        auto first = reader.next();
        CHECK(first.kind == miglint::lsp::Frame::Kind::message);
        CHECK(first.body == "{}");
        auto second = reader.next();
        CHECK(second.body == "null");
        CHECK(reader.next().kind == miglint::lsp::Frame::Kind::end);
    }

    TEST_CASE("a session with bytes flipped, dropped and repeated never kills the server") {
        const std::string text = "CREATE INDEX idx ON users (a);\r\n-- é😀\tx\n";
        const auto uri = "file:///nonexistent-miglint-dir/0001_x.sql";
        const auto valid =
            lsp_frame(lsp_initialize(1)) + lsp_frame(lsp_did_open(uri, text)) +
            lsp_frame(lsp_request(2, "textDocument/codeAction",
                                  {{"textDocument", {{"uri", uri}}}, {"range", lsp_range(0, 0, 1, 3)}})) +
            lsp_frame(lsp_request(3, "textDocument/hover",
                                  {{"textDocument", {{"uri", uri}}}, {"position", lsp_position(0, 14)}})) +
            k_shutdown_exit;
        std::uint32_t seed = 12345;
        const auto next = [&seed](std::size_t bound) {
            seed = seed * 1664525U + 1013904223U;  // a fixed LCG: the same mutations every run
            return static_cast<std::size_t>(seed >> 8) % bound;
        };
        for (int round = 0; round < 150; ++round) {
            auto input = valid;
            for (int edits = 1 + static_cast<int>(next(4)); edits > 0; --edits) {
                const auto at = next(input.size());
                switch (next(4)) {
                    case 0:
                        input[at] = static_cast<char>(next(256));
                        break;
                    case 1:
                        input.erase(at, next(40));
                        break;
                    case 2:
                        input.insert(at, input.substr(next(input.size()), next(60)));
                        break;
                    default:
                        input.insert(at, std::string(1, "{}\":\r\n0-9"[next(10)]));
                        break;
                }
            }
            CAPTURE(round);
            SessionResult result;
            CHECK_NOTHROW(result = run_session(input));
            CHECK((result.exit_code == 0 || result.exit_code == 1));
        }
    }
}

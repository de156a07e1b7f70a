// The real `miglint lsp` binary over two pipes, as an editor runs it.
#include "lsp_test_client.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace miglint::testing;

TEST_SUITE("lsp") {
    TEST_CASE("miglint lsp over pipes: diagnostics, a bad frame survived, code actions, clean exit") {
        TempDir dir;
        const std::string text = "CREATE INDEX idx_users_email ON users (email);\n";
        const auto path = dir.write("0001_index.sql", text).string();
        const auto uri = lsp_uri(path);
        LspProcess server(MIGLINT_BINARY);
        server.send(lsp_initialize(1));
        const auto init = server.wait_reply(1);
        REQUIRE(init.is_object());
        CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-16");
        server.send(lsp_notification("initialized"));
        server.send(lsp_did_open(uri, text));
        const auto published = server.wait_for([&](const Json& m) {
            return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        });
        REQUIRE(published.is_object());
        bool flagged = false;
        for (const auto& d : published["params"]["diagnostics"])
            flagged = flagged || d["code"] == "non-concurrent-index";
        CHECK(flagged);

        // Broken input, sent in pieces the way a pipe may deliver it, then a request that must be answered.
        server.send_raw("Content-Length: abc\r\n\r\n{}");
        server.send_raw("Content-Length: 7\r\n\r\n{broken");
        const auto parse_error =
            server.wait_for([](const Json& m) { return m.contains("error") && m["id"].is_null(); });
        REQUIRE(parse_error.is_object());
        CHECK(parse_error["error"]["code"] == -32700);
        const auto request = lsp_frame(lsp_request(2, "textDocument/codeAction",
                                                   {{"textDocument", {{"uri", uri}}},
                                                    {"range", lsp_range(0, 0, 0, 0)},
                                                    {"context", {{"diagnostics", Json::array()}}}}));
        server.send_raw(request.substr(0, 10));
        server.send_raw(request.substr(10));
        const auto actions = server.wait_reply(2);
        REQUIRE(actions.is_object());
        bool has_fix = false;
        for (const auto& a : actions["result"]) has_fix = has_fix || a["title"] == "miglint: add CONCURRENTLY";
        CHECK(has_fix);
        server.send(lsp_request(3, "textDocument/unknownThing"));
        CHECK(server.wait_reply(3)["error"]["code"] == -32601);

        server.send(lsp_request(4, "shutdown"));
        CHECK(server.wait_reply(4)["result"].is_null());
        server.send(lsp_notification("exit"));
        CHECK(server.finish() == 0);
    }

    TEST_CASE("miglint lsp opens a document nested 4990 levels deep and keeps answering") {
        TempDir dir;
        std::string chain;
        for (int i = 0; i < 4990; ++i) chain += "IS NULL ";
        const std::string text = "SELECT 1 " + chain + ";\nCREATE INDEX idx_users_email ON users (email);\n";
        const auto uri = lsp_uri(dir.write("0001_deep.sql", text).string());
        LspProcess server(MIGLINT_BINARY);
        server.send(lsp_initialize(1));
        REQUIRE(server.wait_reply(1).is_object());
        server.send(lsp_notification("initialized"));
        server.send(lsp_did_open(uri, text));
        // The parse once overflowed the server's stack: the process died and published nothing.
        const auto published = server.wait_for([&](const Json& m) {
            return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        });
        REQUIRE(published.is_object());
        bool flagged = false;
        for (const auto& d : published["params"]["diagnostics"]) flagged = flagged || d["code"] == "non-concurrent-index";
        CHECK(flagged);
        server.send(lsp_request(2, "shutdown"));
        CHECK(server.wait_reply(2)["result"].is_null());
        server.send(lsp_notification("exit"));
        CHECK(server.finish() == 0);
    }

    TEST_CASE("miglint lsp exits 1 when exit comes without shutdown") {
        LspProcess server(MIGLINT_BINARY);
        server.send(lsp_initialize(1));
        REQUIRE(server.wait_reply(1).is_object());
        server.send(lsp_notification("exit"));
        CHECK(server.finish() == 1);
    }
}

#include "fuzz_targets.hpp"

#include "lsp/server.hpp"

#include <sstream>
#include <string>

namespace {

// Every session starts initialized, so the fuzzer's bytes reach the document
// handlers (didOpen, codeAction, hover) and not only the reader.
std::string initialize_frame() {
    const std::string body = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}})";
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

int miglint_fuzz_lsp(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(initialize_frame() + std::string(reinterpret_cast<const char*>(data), size));
    std::ostringstream out;
    miglint::lsp::run_server(in, out);
    return 0;
}

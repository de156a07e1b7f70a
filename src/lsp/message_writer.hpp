// Writing LSP frames: one JSON value per `Content-Length` frame, flushed.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>

namespace miglint::lsp {

class MessageWriter {
public:
    explicit MessageWriter(std::ostream& out) : m_out(&out) {}

    // Writes `message` as one frame. Invalid UTF-8 in strings (a finding may
    // quote a file's bytes) is replaced, never thrown over.
    void write(const nlohmann::json& message);

private:
    std::ostream* m_out;
};

}  // namespace miglint::lsp

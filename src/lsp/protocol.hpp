// LSP vocabulary shared by the handlers: error codes, the negotiated position
// encoding, and conversions between LSP positions and byte offsets.
#pragma once

#include <miglint/source.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace miglint::lsp {

using Json = nlohmann::json;

// JSON-RPC 2.0 and LSP error codes.
enum class ErrorCode : int {
    parse_error = -32700,
    invalid_request = -32600,
    method_not_found = -32601,
    invalid_params = -32602,
    internal_error = -32603,
    server_not_initialized = -32002,
};

// Thrown by a request handler to answer with an error instead of a result.
class RpcError : public std::runtime_error {
public:
    RpcError(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    [[nodiscard]] ErrorCode code() const { return m_code; }

private:
    ErrorCode m_code;
};

// How LSP counts `character`: UTF-16 code units unless the client agreed to UTF-8.
enum class PositionEncoding { utf16, utf8 };

// The name the protocol uses: "utf-16" or "utf-8".
std::string encoding_name(PositionEncoding encoding);
ColumnUnit column_unit(PositionEncoding encoding);

// The LSP position (0-based line and character) of byte `offset` in `source`.
Json to_lsp_position(const SourceText& source, std::uint32_t offset, PositionEncoding encoding);
Json to_lsp_range(const SourceText& source, Span span, PositionEncoding encoding);
// The byte offset of LSP position `position` ({"line", "character"}); a
// position past a line's end clamps to it, past the last line to the end.
// Throws RpcError(invalid_params) when `position` is not a position.
std::uint32_t from_lsp_position(const SourceText& source, const Json& position, PositionEncoding encoding);

}  // namespace miglint::lsp

#include "lsp/protocol.hpp"

#include <algorithm>
#include <limits>

namespace miglint::lsp {

std::string encoding_name(PositionEncoding encoding) {
    return encoding == PositionEncoding::utf8 ? "utf-8" : "utf-16";
}

ColumnUnit column_unit(PositionEncoding encoding) {
    return encoding == PositionEncoding::utf8 ? ColumnUnit::bytes : ColumnUnit::utf16;
}

Json to_lsp_position(const SourceText& source, std::uint32_t offset, PositionEncoding encoding) {
    const auto at = source.position(offset, column_unit(encoding));
    return {{"line", at.line - 1}, {"character", at.column - 1}};
}

Json to_lsp_range(const SourceText& source, Span span, PositionEncoding encoding) {
    return {{"start", to_lsp_position(source, span.begin, encoding)},
            {"end", to_lsp_position(source, span.end, encoding)}};
}

std::uint32_t from_lsp_position(const SourceText& source, const Json& position, PositionEncoding encoding) {
    const auto field = [&](const char* name) -> std::uint32_t {
        if (!position.is_object() || !position.contains(name) || !position[name].is_number_integer()) {
            throw RpcError(ErrorCode::invalid_params, std::string("position needs an integer `") + name + "`");
        }
        const auto value = position[name].get<std::int64_t>();
        if (value < 0) throw RpcError(ErrorCode::invalid_params, std::string("position `") + name + "` is negative");
        // 1-based for SourceText, kept in range so a huge value clamps instead of wrapping.
        constexpr std::int64_t k_max = std::numeric_limits<std::uint32_t>::max() - 1;
        return static_cast<std::uint32_t>(std::min(value, k_max) + 1);
    };
    return source.offset_of({field("line"), field("character")}, column_unit(encoding));
}

}  // namespace miglint::lsp

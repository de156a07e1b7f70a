// Checks that a file is text a parser can take, before any front end runs.
#pragma once

#include <miglint/migration.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace miglint {

// A `syntax-error` diagnostic for a NUL byte (a binary file: parsers read C
// strings and would silently stop there) or an invalid UTF-8 sequence
// (PostgreSQL rejects the whole statement), at the first such byte.
std::optional<FrontEndDiagnostic> check_text_input(std::string_view text);

// Why `what` ("file", "input") of `size` bytes (empty: unknown, more than
// `limit`) is not linted: the size, the limit and the setting that raises it.
std::string over_size_limit(std::string_view what, std::optional<std::uint64_t> size, std::uint64_t limit);

// Length of a UTF-8 byte order mark at the start of `text` (0 or 3).
std::size_t bom_length(std::string_view text);

}  // namespace miglint

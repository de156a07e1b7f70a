// Python string literals decoded with a byte-exact map back into the file.
#pragma once

#include "alembic/syntax_tree.hpp"

#include <miglint/source.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {

// A string value together with where each of its bytes came from, so that a
// span inside the value (a statement in embedded SQL) maps back to the exact
// bytes of the literal: an escape maps to the whole escape, a CRLF inside a
// triple-quoted string to both bytes, implicit concatenation skips the quotes.
struct PyString {
    std::string value;
    std::vector<Span> sources;  // one per byte of `value`
    // Bytes came from f-string replacement fields: the value is exact only when
    // every field resolved, and the map then points at the whole field.
    bool interpolated = false;
    bool bytes = false;         // a b"..." literal
    Span literal;               // the literal(s) as written, quotes included

    // Appends `other`, keeping both maps.
    void append(const PyString& other);
    // The file offset for offset `index` in `value`. An offset at a boundary
    // between two literals maps to the end of the previous byte unless that
    // byte is whitespace (a token cannot end there, so it is a start).
    [[nodiscard]] std::uint32_t map(std::uint32_t index) const;
};

// Resolves one f-string replacement field to its text, or nullopt.
using InterpolationResolver = std::function<std::optional<PyString>(Node interpolation)>;

// Decodes one `string` node of `source`: prefixes (r, b, u, f and their
// combinations), single and triple quotes, escapes (\n, \x.., \u...., \N{...}
// gives nullopt as its value cannot be known here, octal, line continuation,
// unknown escapes kept as written), `{{`/`}}` in f-strings. Replacement fields
// go through `resolve`; without one, or when it fails, the result is nullopt.
std::optional<PyString> decode_string(Node string, std::string_view source, const InterpolationResolver& resolve = {});

}  // namespace miglint::alembic

// Text from the linted files (paths, quoted tokens, source lines) made safe
// to print: a raw newline in a file name would forge a finding line, an ESC
// would drive the terminal, and a 10 MB token quoted in a message would make
// the report ten times that.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace miglint {

// `text` with every control character (C0, DEL, and C1 in its UTF-8 form)
// written as an escape: `\n`, `\t`, `\r`, `\xNN`; `keep` lists the ones left
// as they are (a help text's newlines).
std::string escape_controls(std::string_view text, std::string_view keep = {});

// Cuts `text` to at most `max_bytes` (at a UTF-8 boundary) and marks the cut
// with "...", when it is longer.
void truncate_text(std::string& text, std::size_t max_bytes);

}  // namespace miglint

// `miglint rules`: the rule table in text, markdown or JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace miglint {
struct Rule;
}

namespace miglint::cli {

// "Fix: ..." for `miglint explain`: whether `rule` can fix, which kind (safe or
// unsafe, and the flag that applies it) and what the fix does, from its registry entry.
std::string fix_line(const Rule& rule);

// The table of every rule in `format` ("text", "markdown", "json"); empty when unknown.
std::optional<std::string> rules_table(std::string_view format);

}  // namespace miglint::cli

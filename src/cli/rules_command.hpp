// `miglint rules`: the rule table in text, markdown or JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace miglint::cli {

// The table of every rule in `format` ("text", "markdown", "json"); empty when unknown.
std::optional<std::string> rules_table(std::string_view format);

}  // namespace miglint::cli

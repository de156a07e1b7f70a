// PostgreSQL's own functions, by how a DEFAULT calling them behaves.
#pragma once

#include <string_view>

namespace miglint {

// True when PostgreSQL (or a common contrib extension) has a function `name`
// (unqualified, lower-case) declared IMMUTABLE or STABLE: a DEFAULT calling
// it is evaluated once by ADD COLUMN. Any other function is VOLATILE unless
// the history created it otherwise, as PostgreSQL defaults to VOLATILE.
bool is_builtin_non_volatile_function(std::string_view name);

}  // namespace miglint

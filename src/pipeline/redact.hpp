// Keeping credentials out of what miglint prints: a database URL and libpq's
// error messages (which quote the connection string they could not parse)
// may hold a password, and reports end up in CI logs anyone can read.
#pragma once

#include <string>
#include <string_view>

namespace miglint {

// `text` with every credential it spells replaced by `***`: the value of a
// `password=` setting (key-value connection strings, quoted or not, and URI
// query parameters, any case) and the password of a URI's `user:password@`.
// With a non-empty `secret` (a password known to the caller), every
// occurrence of it goes too, however the text spells its surroundings.
std::string redact_credentials(std::string_view text, std::string_view secret = {});

}  // namespace miglint

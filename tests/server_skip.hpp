// Suites that need a PostgreSQL server (lock-truth, fix-truth) are skipped
// where none can start, never hidden: see report_unavailable.
#pragma once

#include <string>
#include <string_view>

namespace miglint::testing {

// True under CI=true, where a suite must run rather than skip.
bool is_ci();

// Says that `suite` cannot run here and why. Under CI=true that is a
// failure. Otherwise a message, which a doctest listener turns into
// "<suite>: SKIPPED: <why>" at the end of a run without any failure (ctest's
// SKIP_REGULAR_EXPRESSION then reports the suite skipped): a failing check
// elsewhere in the run is never shown as a skip.
void report_unavailable(std::string_view suite, const std::string& why);

}  // namespace miglint::testing

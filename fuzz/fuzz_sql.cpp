#include "fuzz_targets.hpp"
#include "lint_all.hpp"

int miglint_fuzz_sql(const std::uint8_t* data, std::size_t size) {
    return miglint::fuzz::lint_as_file("migrations/0001_fuzz.sql", data, size);
}

#include "toolkit/builtin_functions.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace miglint {
namespace {

// Read from PostgreSQL 15's catalog (tools/gen-builtin-functions.sh), in byte order.
constexpr std::array k_from_catalog = {
#include "toolkit/builtin_functions.inc"
};

// IMMUTABLE or STABLE functions added in PostgreSQL 16 to 18, which the 15 catalog lacks.
constexpr std::array<std::string_view, 17> k_added_since_15 = {
    "array_reverse", "array_sort", "casefold", "crc32", "crc32c", "date_add", "date_subtract", "erf", "erfc",
    "gamma", "lgamma", "pg_input_error_info", "pg_input_is_valid", "to_bin", "to_oct", "uuid_extract_timestamp",
    "uuid_extract_version",
};

}  // namespace

bool is_builtin_non_volatile_function(std::string_view name) {
    static_assert(std::is_sorted(k_from_catalog.begin(), k_from_catalog.end(),
                                 [](std::string_view a, std::string_view b) { return a < b; }));
    return std::binary_search(k_from_catalog.begin(), k_from_catalog.end(), name,
                              [](std::string_view a, std::string_view b) { return a < b; }) ||
           std::find(k_added_since_15.begin(), k_added_since_15.end(), name) != k_added_since_15.end();
}

}  // namespace miglint

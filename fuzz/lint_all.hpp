// What the fuzz targets share: lint one text with every rule and render the
// result in every output format.
#pragma once

#include <miglint/settings.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace miglint::fuzz {

// Lints `text` as the file `path` with `settings`, then renders every format,
// so lowering, rules, suppressions and reporters all see the input.
void lint_and_render(const std::string& path, std::string text, const Settings& settings);

// The front-end targets' body: `data` parsed as the file `path`, then linted
// with every rule on (nothing read from disk or the network) and rendered.
int lint_as_file(const std::string& path, const std::uint8_t* data, std::size_t size);

}  // namespace miglint::fuzz

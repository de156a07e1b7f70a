#include "fuzz_targets.hpp"
#include "lint_all.hpp"

#include "config/config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace {

// Exercises the rule options a config sets: every rule reads its options
// while checking these statements.
constexpr std::string_view k_migration =
    "CREATE TABLE t (id int);\n"
    "ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT random();\n"
    "CREATE INDEX i ON users (a, b, c);\n"
    "ALTER TABLE users ALTER COLUMN c TYPE bigint;\n";

}  // namespace

int miglint_fuzz_config(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // The same text as both kinds of config file: pyproject.toml reads only [tool.miglint].
    for (const char* name : {"miglint.toml", "pyproject.toml"}) {
        miglint::Settings settings;
        std::vector<miglint::Error> warnings;
        const auto loaded = miglint::config::load_text(text, name, settings, warnings);
        if (!loaded || !*loaded) continue;
        settings.jobs = 1;
        miglint::fuzz::lint_and_render("migrations/0001_fuzz.sql", std::string(k_migration), settings);
    }
    return 0;
}

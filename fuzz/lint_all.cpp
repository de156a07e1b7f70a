#include "lint_all.hpp"

#include "report/report.hpp"

#include "pipeline/lint.hpp"
#include <miglint/rule.hpp>

namespace miglint::fuzz {

void lint_and_render(const std::string& path, std::string text, const Settings& settings) {
    const auto output = lint_text(path, std::move(text), settings);
    report::ReportOptions options;
    // Describing every rule in SARIF would take half of each run: only one,
    // plus those a finding names; rule pages are files, not read at all.
    options.rules = {find_rule("syntax-error")};
    options.docs_dir.clear();
    options.include_suppressed = true;
    for (const auto format : report::format_names()) (void)report::render(format, output, options);
}

int lint_as_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    Settings settings;
    settings.select = {"all"};
    settings.jobs = 1;
    // lint_text parses with the front end the name calls for (parse_migration), then runs the rules.
    lint_and_render(path, std::string(reinterpret_cast<const char*>(data), size), settings);
    return 0;
}

}  // namespace miglint::fuzz

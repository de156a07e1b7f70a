#include "cli/cli.hpp"

#include "cli/rules_command.hpp"
#include "report/report.hpp"

#include <miglint/lint.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace miglint::cli {
namespace {

std::set<std::string> split_ids(const std::vector<std::string>& values) {
    std::set<std::string> ids;
    for (const auto& value : values) {
        std::stringstream stream(value);
        std::string id;
        while (std::getline(stream, id, ',')) {
            id.erase(0, id.find_first_not_of(' '));
            id.erase(id.find_last_not_of(' ') + 1);
            if (!id.empty()) ids.insert(id);
        }
    }
    return ids;
}

struct LintFlags {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string output;
    std::string color = "auto";
    std::vector<std::string> select;
    std::vector<std::string> ignore;
    std::string pg_version;
    std::string fail_on;
    std::string stdin_filename;
    bool exit_zero = false;
    bool include_suppressed = false;
    bool assume_in_transaction = false;
    bool verbose = false;
    unsigned jobs = 0;
};

// `auto` colours only a terminal: not a file, not a stream a test or caller captures.
bool wants_color(const std::string& mode, bool to_terminal_stdout) {
    if (mode == "always") return true;
    if (mode == "never" || !to_terminal_stdout) return false;
    return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

int exit_code(const LintOutput& output, const Settings& settings, bool exit_zero) {
    if (!output.errors.empty()) return 2;
    if (exit_zero) return 0;
    const bool failing = std::any_of(output.findings.begin(), output.findings.end(), [&](const Finding& f) {
        return !f.suppressed && f.severity >= settings.fail_on;
    });
    return failing ? 1 : 0;
}

int lint(const LintFlags& flags, std::istream& in, std::ostream& out, std::ostream& err) {
    Settings settings;
    settings.select = split_ids(flags.select);
    settings.ignore = split_ids(flags.ignore);
    settings.assume_in_transaction = flags.assume_in_transaction;
    settings.jobs = flags.jobs;
    settings.verbose = flags.verbose;
    if (!flags.pg_version.empty()) {
        const auto version = parse_pg_version(flags.pg_version);
        if (!version) {
            err << "miglint: --pg-version: `" << flags.pg_version << "` is not a version (try 15 or 14.3)\n";
            return 2;
        }
        settings.pg_version = *version;
    }
    if (!flags.fail_on.empty()) {
        const auto severity = parse_severity(flags.fail_on);
        if (!severity) {
            err << "miglint: --fail-on: expected info, warning or error, got `" << flags.fail_on << "`\n";
            return 2;
        }
        settings.fail_on = *severity;
    }
    if (auto rules = resolve_rules(settings); !rules) {
        err << "miglint: " << rules.error().display() << "\n";
        return 2;
    }
    LintOutput output;
    if (!flags.stdin_filename.empty()) {
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        output = lint_text(flags.stdin_filename, std::move(text), settings);
    } else {
        if (flags.paths.empty()) {
            err << "miglint: no paths given (try `miglint migrations/`, or --stdin-filename NAME)\n";
            return 2;
        }
        output = lint_paths(flags.paths, settings);
    }
    if (settings.verbose) {
        for (const auto& note : output.notes) err << "note: " << note << "\n";
    }
    report::ReportOptions options;
    options.color = wants_color(flags.color, flags.output.empty() && &out == &std::cout);
    options.include_suppressed = flags.include_suppressed;
    const auto rendered = report::render(flags.format, output, options);
    if (!rendered) {
        err << "miglint: unknown format `" << flags.format << "`\n";
        return 2;
    }
    if (flags.output.empty()) {
        out << *rendered;
    } else {
        std::ofstream file(flags.output, std::ios::binary);
        file << *rendered;
        if (!file) {
            err << "miglint: cannot write " << flags.output << "\n";
            return 2;
        }
    }
    // Errors also go to stderr so they are seen whatever the format.
    if (flags.format != "text" || !flags.output.empty()) {
        for (const auto& error : output.errors) err << "error: " << error.display() << "\n";
    }
    return exit_code(output, settings, flags.exit_zero);
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    CLI::App app{"miglint: a safety linter for PostgreSQL schema migrations (SQL and Alembic)", "miglint"};
    app.set_version_flag("--version", std::string("miglint ") + MIGLINT_VERSION);
    LintFlags flags;
    app.add_option("paths", flags.paths, "Migration files or directories to lint");
    app.add_option("--format", flags.format, "Output format")->check(CLI::IsMember(report::format_names()));
    app.add_option("-o,--output", flags.output, "Write the report to FILE instead of standard output");
    app.add_option("--color", flags.color, "Colour: auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--select", flags.select, "Run only these rules (comma-separated ids, or `all`)")->allow_extra_args(false);
    app.add_option("--ignore", flags.ignore, "Do not run these rules (comma-separated ids)")->allow_extra_args(false);
    app.add_option("--pg-version", flags.pg_version, "Target PostgreSQL version, e.g. 15 or 14.3 (default 15)");
    app.add_option("--fail-on", flags.fail_on, "Lowest severity that makes the exit code 1 (default warning)");
    app.add_option("--stdin-filename", flags.stdin_filename, "Lint standard input as if it were this file");
    app.add_flag("--exit-zero", flags.exit_zero, "Exit 0 even when there are findings");
    app.add_flag("--include-suppressed", flags.include_suppressed,
                 "Keep inline-suppressed findings in SARIF and JSON output, marked as suppressed");
    app.add_flag("--assume-in-transaction", flags.assume_in_transaction,
                 "Treat SQL files as run inside a transaction (the runner wraps each file)");
    app.add_option("-j,--jobs", flags.jobs, "Files parsed in parallel (default: all cores)");
    app.add_flag("-v,--verbose", flags.verbose, "Print notes, such as skipped files");

    auto* rules = app.add_subcommand("rules", "List every rule with its severity and summary");
    std::string rules_format = "text";
    rules->add_option("--format", rules_format, "text, markdown or json")->check(CLI::IsMember({"text", "markdown", "json"}));

    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? 0 : 2;
    }
    if (rules->parsed()) {
        out << *rules_table(rules_format);
        return 0;
    }
    return lint(flags, in, out, err);
}

}  // namespace miglint::cli

#include "cli/cli.hpp"

#include "cli/fix_command.hpp"
#include "cli/git_changes.hpp"
#include "cli/rules_command.hpp"
#include "config/config.hpp"
#include <miglint/printable.hpp>
#include "pipeline/report_scope.hpp"
#include "lsp/server.hpp"
#include "report/report.hpp"

#include "pipeline/lint.hpp"

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace miglint::cli {

// What leave_to_exit keeps. A global, so leak checkers find it held, not lost;
// not in an unnamed namespace, so the compiler cannot drop a store nothing reads.
extern const LintOutput* output_kept_until_exit;
const LintOutput* output_kept_until_exit = nullptr;

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
    std::string config;
    std::string table_stats;
    std::string database_url;
    std::string diff_base;
    bool no_config = false;
    bool exit_zero = false;
    bool include_suppressed = false;
    bool assume_in_transaction = false;
    bool verbose = false;
    bool statistics = false;
    bool fix = false;
    bool diff = false;
    bool unsafe_fixes = false;
    unsigned jobs = 0;
};

// At most `limit` + 1 bytes of `in`: enough for lint_text to refuse input over
// the limit without standard input being read (or held in memory) whole.
std::string read_bounded(std::istream& in, std::uint64_t limit) {
    std::string text;
    constexpr std::size_t k_chunk = 1 << 16;
    while (in && text.size() <= limit) {
        const std::uint64_t remaining = limit - text.size();
        const auto want = remaining >= k_chunk ? k_chunk : static_cast<std::size_t>(remaining) + 1;
        const auto old_size = text.size();
        text.resize(old_size + want);
        in.read(text.data() + old_size, static_cast<std::streamsize>(want));
        text.resize(old_size + static_cast<std::size_t>(in.gcount()));
    }
    return text;
}

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

// Reads the config file named by --config, or the one discovered from the
// first linted path (the current directory when there is none).
std::optional<Error> apply_config(const LintFlags& flags, Settings& settings, std::ostream& err) {
    if (flags.no_config) return std::nullopt;
    std::vector<Error> warnings;
    const auto warn = [&] {
        for (const auto& warning : warnings) err << "warning: " << escape_controls(warning.display()) << "\n";
    };
    if (flags.config.empty()) {
        const std::string start = !flags.stdin_filename.empty()                       ? flags.stdin_filename
                                  : !flags.paths.empty() && flags.paths.front() != "-" ? flags.paths.front()
                                                                                       : std::string(".");
        const auto used = config::load_discovered(start, settings, warnings);
        warn();
        if (!used) return used.error();
        if (flags.verbose && *used) err << "note: using config " << (*used)->string() << "\n";
        return std::nullopt;
    }
    const std::filesystem::path file = flags.config;
    if (!std::filesystem::is_regular_file(file)) return Error{"config file not found", flags.config, std::nullopt};
    // A file named with --config is read like a discovered one: it is usually the repository's own.
    const auto loaded = config::load(file, settings, warnings);
    warn();
    if (!loaded) return loaded.error();
    if (flags.verbose && *loaded) err << "note: using config " << file.string() << "\n";
    return std::nullopt;
}

// GitHub drops a step's whole job summary when it passes 1 MiB; this leaves a
// margin for what else the step writes after miglint.
constexpr std::uintmax_t k_step_summary_bytes = 1'000'000;

// With --format github in a GitHub Actions step, appends the Markdown report to
// the job summary file the runner names in GITHUB_STEP_SUMMARY: annotations
// stop at ten per severity, the summary shows every finding that fits. A
// failure to write it is a warning, never a change of the exit code.
void append_step_summary(const LintOutput& output, report::ReportOptions options, std::ostream& err) {
    const char* path = std::getenv("GITHUB_STEP_SUMMARY");
    if (path == nullptr || *path == '\0') return;
    // Earlier commands of the same step share the file and its limit.
    std::error_code ec;
    const auto existing = std::filesystem::file_size(path, ec);
    const auto used = ec ? 0 : existing;
    options.markdown_max_bytes = used < k_step_summary_bytes ? k_step_summary_bytes - used : 0;
    options.color = false;
    std::ofstream file(path, std::ios::binary | std::ios::app);
    if (file) {
        if (used > 0) file << "\n";
        report::write("markdown", output, options, file);
        file.flush();
    }
    if (!file) err << "warning: cannot append the report to GITHUB_STEP_SUMMARY file " << escape_controls(path) << "\n";
}

// Keeps the first output it is given until the process exits.
void leave_to_exit(LintOutput& output) {
    if (output_kept_until_exit == nullptr) output_kept_until_exit = new LintOutput(std::move(output));
}

// `--stdin-filename NAME`, or `-` as the only path.
bool reads_standard_input(const LintFlags& flags) {
    return !flags.stdin_filename.empty() || std::find(flags.paths.begin(), flags.paths.end(), "-") != flags.paths.end();
}

// Lints standard input; empty (the message printed) when it cannot be read
// or other paths were given besides it.
std::optional<LintOutput> lint_standard_input(const LintFlags& flags, const Settings& settings, std::istream& in,
                                              std::ostream& err) {
    if (!flags.paths.empty() && flags.paths != std::vector<std::string>{"-"}) {
        err << "miglint: standard input (" << (flags.stdin_filename.empty() ? "`-`" : "--stdin-filename")
            << ") is linted alone: give no other paths with it\n";
        return std::nullopt;
    }
    const auto name = flags.stdin_filename.empty() ? std::string("-") : flags.stdin_filename;
    const auto named = flags.stdin_filename.empty() ? std::string("`-`") : "--stdin-filename " + escape_controls(name);
    // A closed or unreadable standard input is no empty file: linting nothing would pass as "1 file checked".
    if (&in == &std::cin && ::fcntl(STDIN_FILENO, F_GETFD) == -1) {
        err << "miglint: " << named << ": standard input is closed\n";
        return std::nullopt;
    }
    auto text = read_bounded(in, settings.max_file_bytes);
    if (in.bad()) {
        err << "miglint: " << named << ": cannot read standard input\n";
        return std::nullopt;
    }
    return lint_text(name, std::move(text), settings);
}

// Lints the paths given: the whole history under them is read, and the
// scope (--diff-base, files named alone) decides what is reported. Empty
// (the message printed) when the scope cannot be worked out.
std::optional<LintOutput> lint_files(const LintFlags& flags, Settings& settings, std::ostream& err,
                                     const SourceOverlay& overlay = {}) {
    if (flags.paths.empty()) {
        err << "miglint: no paths given (try `miglint migrations/`, or --stdin-filename NAME)\n";
        return std::nullopt;
    }
    if (!settings.diff_base.empty()) {
        auto changed = changed_files(settings.diff_base, flags.paths);
        if (!changed) {
            err << "miglint: " << escape_controls(changed.error().message) << "\n";
            return std::nullopt;
        }
        if (settings.verbose) {
            err << "note: --diff-base " << escape_controls(settings.diff_base) << ": " << changed->size()
                << " changed file(s) judged, the rest read for context\n";
        }
        settings.judged_files = std::move(*changed);
    }
    // A file named alone is linted with its set's history as context, and only it is reported.
    const auto named = expand_named_files(flags.paths);
    judge_only_named(settings, named);
    auto output = lint_paths(named.paths_to_read, settings, overlay);
    if (output.files_linted + output.files_for_context == 0 && output.errors.empty()) {
        // A typo in CI must not pass green: a path with no migration in it is an error.
        std::string listed;
        for (const auto& path : flags.paths) listed += (listed.empty() ? "" : ", ") + path;
        output.errors.push_back({"no migration file found (.sql files, or .py files that are Alembic revisions)", listed, {}});
    }
    return output;
}

int lint(const LintFlags& flags, std::istream& in, std::ostream& out, std::ostream& err, Teardown teardown) {
    // The other formats are read by tools that expect every finding: a count alone would pass as a clean report.
    if (flags.statistics && flags.format != "text") {
        err << "miglint: --statistics prints the text format's count per rule; it does not combine with --format "
            << flags.format << "\n";
        return 2;
    }
    Settings settings;
    if (const auto error = apply_config(flags, settings, err)) {
        err << "miglint: " << error->display() << "\n";
        return 2;
    }
    config::apply_environment(settings);
    // Flags given on the command line replace what the config file and the environment say.
    if (!flags.select.empty()) settings.select = split_ids(flags.select);
    if (!flags.ignore.empty()) settings.ignore = split_ids(flags.ignore);
    if (flags.assume_in_transaction) settings.sql_runner = RunnerTransaction::per_file;
    if (!flags.table_stats.empty()) settings.table_stats_path = flags.table_stats;
    if (!flags.database_url.empty()) settings.database_url = flags.database_url;
    settings.jobs = flags.jobs;
    settings.verbose = flags.verbose;
    if (!flags.pg_version.empty()) {
        const auto version = parse_pg_version(flags.pg_version);
        if (!version || !is_known_pg_version(*version)) {
            err << "miglint: --pg-version: `" << flags.pg_version << "` is not a PostgreSQL version miglint knows: give "
                << k_oldest_pg_version.major << " to " << k_newest_pg_version.major << ", with a minor if you like (15, 14.3)\n";
            return 2;
        }
        settings.pg_version = *version;
        settings.pg_version_from = PgVersionFrom::command_line;
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
    if (!flags.diff_base.empty()) settings.diff_base = flags.diff_base;
    if (flags.unsafe_fixes && !flags.fix && !flags.diff) {
        err << "miglint: --unsafe-fixes goes with --fix or --diff\n";
        return 2;
    }
    if ((flags.fix || flags.diff) && reads_standard_input(flags)) {
        err << "miglint: --fix and --diff rewrite files; standard input has none (lint the file by its path)\n";
        return 2;
    }
    auto output = reads_standard_input(flags) ? lint_standard_input(flags, settings, in, err) : lint_files(flags, settings, err);
    if (!output) return 2;
    bool fix_failed = false;
    if (flags.fix || flags.diff) {
        const Relint relint = [&](const SourceOverlay& overlay) {
            auto again = lint_files(flags, settings, err, overlay);
            return again ? std::move(*again) : LintOutput{};
        };
        auto outcome = run_fixes(*output, relint, {.write = flags.fix, .include_unsafe = flags.unsafe_fixes}, out, err);
        if (flags.diff) return outcome.failed ? 2 : outcome.files_changed + outcome.files_created > 0 ? 1 : 0;
        fix_failed = outcome.failed;
        // Report what is left once the fixes are written.
        if (outcome.after) {
            output = std::move(outcome.after);
        } else if (outcome.files_changed + outcome.files_created > 0) {
            output = lint_files(flags, settings, err);
        }
        if (!output) return 2;
    }
    if (settings.verbose) {
        for (const auto& note : output->notes) err << "note: " << escape_controls(note) << "\n";
    }
    for (const auto& warning : output->warnings) err << "warning: " << escape_controls(warning) << "\n";
    report::ReportOptions options;
    options.color = wants_color(flags.color, flags.output.empty() && &out == &std::cout);
    options.include_suppressed = flags.include_suppressed;
    options.jobs = settings.jobs;
    options.statistics_only = flags.statistics;
    const auto formats = report::format_names();
    if (std::find(formats.begin(), formats.end(), flags.format) == formats.end()) {
        err << "miglint: unknown format `" << flags.format << "`\n";
        return 2;
    }
    if (flags.output.empty()) {
        report::write(flags.format, *output, options, out);
    } else {
        std::ofstream file(flags.output, std::ios::binary);
        report::write(flags.format, *output, options, file);
        if (!file) {
            err << "miglint: cannot write " << flags.output << "\n";
            return 2;
        }
    }
    if (flags.format == "github") append_step_summary(*output, options, err);
    // Errors also go to stderr so they are seen whatever the format.
    if (flags.format != "text" || !flags.output.empty()) {
        for (const auto& error : output->errors) err << "error: " << escape_controls(error.display()) << "\n";
    }
    // A fix that could not be written is a failure even when what remains is clean.
    const int code = std::max(exit_code(*output, settings, flags.exit_zero), fix_failed ? 1 : 0);
    if (teardown == Teardown::leave_to_exit) leave_to_exit(*output);
    return code;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const auto above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// `miglint explain <id>`: the rule's doc page, or its summary when the page is not installed,
// then whether and how it fixes.
int explain(const std::string& id, std::ostream& out, std::ostream& err) {
    const auto* rule = find_rule(id);
    if (rule == nullptr) {
        std::vector<std::pair<std::size_t, std::string_view>> near;
        for (const auto* candidate : all_rules()) {
            const auto distance = edit_distance(id, candidate->id);
            const bool contains = !id.empty() && candidate->id.find(id) != std::string_view::npos;
            if (distance <= 3 || contains) near.emplace_back(contains ? 0 : distance, candidate->id);
        }
        std::sort(near.begin(), near.end());
        err << "miglint: unknown rule id `" << id << "`";
        if (!near.empty()) {
            err << "; did you mean ";
            for (std::size_t i = 0; i < near.size() && i < 5; ++i) err << (i == 0 ? "" : ", ") << "`" << near[i].second << "`";
            err << "?";
        }
        err << " (`miglint rules` lists every rule)\n";
        return 2;
    }
    if (const auto page = report::rule_doc(report::default_docs_dir(), rule->id)) {
        out << *page;
        if (!page->empty() && page->back() != '\n') out << "\n";
    } else {
        out << "# " << rule->id << "\n" << rule->summary << "\n\nSeverity: " << severity_name(rule->default_severity)
            << "\n" << report::rule_doc_url(rule->id) << "\n";
    }
    out << "\n" << fix_line(*rule) << "\n";
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err, Teardown teardown) {
    CLI::App app{"miglint: a safety linter for PostgreSQL schema migrations (SQL and Alembic)", "miglint"};
    app.set_version_flag("--version", std::string("miglint ") + MIGLINT_VERSION);
    LintFlags flags;
    app.add_option("paths", flags.paths, "Migration files or directories to lint");
    app.add_option("--format", flags.format, "Output format")->check(CLI::IsMember(report::format_names()));
    app.add_option("-o,--output", flags.output, "Write the report to FILE instead of standard output");
    app.add_option("--color", flags.color, "Colour: auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--select", flags.select, "Run only these rules (comma-separated ids, or `all`)")->allow_extra_args(false);
    app.add_option("--ignore", flags.ignore, "Do not run these rules (comma-separated ids)")->allow_extra_args(false);
    app.add_option("--pg-version", flags.pg_version, "PostgreSQL version production runs, 10 to 18, e.g. 15 or 14.3 (default 15, or the --database-url server's)");
    app.add_option("--fail-on", flags.fail_on, "Lowest severity that makes the exit code 1 (default warning)");
    app.add_option("--stdin-filename", flags.stdin_filename, "Lint standard input as if it were this file (`-` as the path reads it too)");
    app.add_option("--diff-base", flags.diff_base,
                   "Report only what changed since the merge base of REF and HEAD (plus uncommitted files); "
                   "the whole history is still read. Revision-graph findings are always reported");
    app.add_option("--config", flags.config,
                   "Read settings from this miglint.toml or pyproject.toml instead of discovering one");
    app.add_flag("--no-config", flags.no_config, "Ignore configuration files");
    app.add_option("--table-stats", flags.table_stats,
                   "JSON file of table sizes (docs/table-stats.md): lock findings on large tables become errors "
                   "(or MIGLINT_TABLE_STATS; never from a config file)");
    app.add_option("--database-url", flags.database_url,
                   "Read table sizes live from this PostgreSQL database (read-only, 5 s connect timeout; "
                   "or MIGLINT_DATABASE_URL; never from a config file)");
    app.add_flag("--fix", flags.fix, "Apply the safe fixes to the files, then report what is left");
    app.add_flag("--diff", flags.diff, "Print the fixes as a unified diff and write nothing (exit 1 when there is something to fix)");
    app.add_flag("--unsafe-fixes", flags.unsafe_fixes,
                 "With --fix or --diff, also apply fixes that change how the migration runs (transactions, NOT VALID)");
    app.add_flag("--exit-zero", flags.exit_zero, "Exit 0 even when there are findings");
    app.add_flag("--include-suppressed", flags.include_suppressed,
                 "Keep inline-suppressed findings in SARIF and JSON output, marked as suppressed");
    app.add_flag("--assume-in-transaction", flags.assume_in_transaction,
                 "Treat SQL files as run inside a transaction (the runner wraps each file)");
    app.add_option("-j,--jobs", flags.jobs, "Threads for parsing and checking (default: all cores); the output is the same for any count");
    app.add_flag("-v,--verbose", flags.verbose, "Print notes, such as skipped files");
    app.add_flag("--statistics", flags.statistics,
                 "Print only the count of findings per rule and the summary line (text format)");

    auto* rules = app.add_subcommand("rules", "List every rule with its severity and summary");
    std::string rules_format = "text";
    rules->add_option("--format", rules_format, "text, markdown or json")->check(CLI::IsMember({"text", "markdown", "json"}));

    auto* explain_command = app.add_subcommand("explain", "Print a rule's documentation: what it flags, why, the safe way");
    std::string explain_id;
    explain_command->add_option("rule", explain_id, "The rule id, e.g. non-concurrent-index")->required();

    auto* lsp_command = app.add_subcommand("lsp", "Run the language server on standard input and output (LSP)");
    bool stdio = true;  // the only transport; editors' clients often pass --stdio
    lsp_command->add_flag("--stdio", stdio, "Talk LSP over standard input and output (the default)");

    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? 0 : 2;
    }
    if (lsp_command->parsed()) return lsp::run_server(in, out);
    if (explain_command->parsed()) return explain(explain_id, out, err);
    if (rules->parsed()) {
        out << *rules_table(rules_format);
        return 0;
    }
    return lint(flags, in, out, err, teardown);
}

}  // namespace miglint::cli

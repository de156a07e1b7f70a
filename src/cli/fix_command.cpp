#include "cli/fix_command.hpp"

#include "pipeline/source_overlay.hpp"
#include "fix/fix_plan.hpp"
#include "fix/unified_diff.hpp"
#include "fix/write_file.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace miglint::cli {
namespace {

std::string where(const Finding& finding) {
    const auto at = finding.start();
    return finding.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// The files whose text, as fixed, PostgreSQL's parser rejects: never written.
std::set<std::string> broken_by_fixes(const LintOutput& fixed) {
    std::set<std::string> broken;
    for (const auto& finding : fixed.findings) {
        if (finding.rule == "syntax-error") broken.insert(overlay_key(finding.path()));
    }
    return broken;
}

// True when a new SQL file's text does not parse: a miglint bug, never written.
bool fails_to_parse(const NewFile& file) {
    if (!file.path.ends_with(".sql")) return false;
    const auto migration = parse_migration(std::make_shared<const SourceText>(file.path, file.text));
    if (!migration) return false;
    return std::any_of(migration->diagnostics.begin(), migration->diagnostics.end(),
                       [](const FrontEndDiagnostic& d) { return d.rule == "syntax-error"; });
}

}  // namespace

FixOutcome run_fixes(const LintOutput& output, const Relint& relint, FixRequest request, std::ostream& out, std::ostream& err) {
    FixOutcome outcome;
    const auto plan = fix::plan_fixes(output, request.include_unsafe);
    for (const auto& skipped : plan.skipped) err << "miglint: " << skipped << "\n";
    for (const auto& finding : output.findings) {
        if (finding.fix_withheld.empty() || finding.suppressed || finding.outside_scope) continue;
        err << "miglint: " << where(finding) << ": " << finding.rule << ": not fixed: " << finding.fix_withheld << "\n";
    }
    SourceOverlay overlay;
    for (const auto& file : plan.files) {
        if (file.fixed != file.source->text()) overlay[overlay_key(file.source->path())] = file.fixed;
    }
    auto fixed = overlay.empty() ? LintOutput{} : relint(overlay);
    const auto broken = broken_by_fixes(fixed);
    // A fix that creates files is applied with its file's edits, or not at all.
    std::map<const Finding*, std::vector<const NewFile*>> creates;
    for (const auto& created : plan.created) creates[created.finding].push_back(&created.file);
    for (const auto& file : plan.files) {
        const auto& path = file.source->path();
        const bool edited = file.fixed != file.source->text();
        bool bad = broken.count(overlay_key(path)) != 0;
        for (const auto* finding : file.applied) {
            for (const auto* created : creates[finding]) bad = bad || fails_to_parse(*created);
        }
        if (bad) {
            err << "miglint: " << path << ": not fixed: the fixed text would not parse (a miglint bug: please report it)\n";
            outcome.failed = true;
            continue;
        }
        if (!request.write) {
            if (edited) out << fix::unified_diff(path, file.source->text(), file.fixed);
        } else if (auto problem = edited ? fix::write_atomically(path, file.fixed) : std::nullopt) {
            err << "miglint: " << path << ": not fixed: " << *problem << "\n";
            outcome.failed = true;
            continue;
        }
        if (edited) ++outcome.files_changed;
        for (const auto* finding : file.applied) {
            for (const auto* created : creates[finding]) {
                if (!request.write) {
                    out << fix::new_file_diff(created->path, created->text);
                } else if (auto problem = fix::create_file(created->path, created->text)) {
                    err << "miglint: " << created->path << ": not created: " << *problem << "\n";
                    outcome.failed = true;
                    continue;
                }
                ++outcome.files_created;
            }
            ++outcome.fixes_applied;
            err << (request.write ? "fixed " : "would fix ") << where(*finding) << " " << finding->rule << ": "
                << finding->fix->description << (finding->fix->unsafe ? " (unsafe fix)" : "") << "\n";
        }
    }
    err << "miglint: " << (request.write ? "fixed " : "would fix ") << outcome.fixes_applied << " finding(s) in "
        << outcome.files_changed << " file(s)";
    if (outcome.files_created > 0) err << ", creating " << outcome.files_created << " file(s)";
    if (plan.unsafe_withheld > 0) {
        err << "; " << plan.unsafe_withheld << " unsafe fix(es) not applied (they change how the migration runs: "
            << "--unsafe-fixes applies them)";
    }
    err << "\n";
    // Every fixed text was written: the relint of those texts is what the files now hold. New
    // files were not in that lint, so the caller lints again from disk.
    if (request.write && !outcome.failed && outcome.files_changed > 0 && outcome.files_created == 0) {
        outcome.after = std::move(fixed);
    }
    return outcome;
}

}  // namespace miglint::cli

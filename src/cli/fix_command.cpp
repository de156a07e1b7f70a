#include "cli/fix_command.hpp"

#include "pipeline/source_overlay.hpp"
#include "fix/fix_plan.hpp"
#include "fix/unified_diff.hpp"
#include "fix/write_file.hpp"

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

}  // namespace

FixOutcome run_fixes(const LintOutput& output, const Relint& relint, FixRequest request, std::ostream& out, std::ostream& err) {
    FixOutcome outcome;
    const auto plan = fix::plan_fixes(output, request.include_unsafe);
    for (const auto& skipped : plan.skipped) err << "miglint: " << skipped << "\n";
    SourceOverlay overlay;
    for (const auto& file : plan.files) overlay[overlay_key(file.source->path())] = file.fixed;
    auto fixed = plan.files.empty() ? LintOutput{} : relint(overlay);
    const auto broken = broken_by_fixes(fixed);
    for (const auto& file : plan.files) {
        const auto& path = file.source->path();
        if (broken.count(overlay_key(path)) != 0) {
            err << "miglint: " << path << ": not fixed: the fixed text would not parse (a miglint bug: please report it)\n";
            outcome.failed = true;
            continue;
        }
        if (!request.write) {
            out << fix::unified_diff(path, file.source->text(), file.fixed);
        } else if (auto problem = fix::write_atomically(path, file.fixed)) {
            err << "miglint: " << path << ": not fixed: " << *problem << "\n";
            outcome.failed = true;
            continue;
        }
        ++outcome.files_changed;
        for (const auto* finding : file.applied) {
            ++outcome.fixes_applied;
            err << (request.write ? "fixed " : "would fix ") << where(*finding) << " " << finding->rule << ": "
                << finding->fix->description << (finding->fix->unsafe ? " (unsafe fix)" : "") << "\n";
        }
    }
    err << "miglint: " << (request.write ? "fixed " : "would fix ") << outcome.fixes_applied << " finding(s) in "
        << outcome.files_changed << " file(s)";
    if (plan.unsafe_withheld > 0) {
        err << "; " << plan.unsafe_withheld << " unsafe fix(es) not applied (they change how the migration runs: "
            << "--unsafe-fixes applies them)";
    }
    err << "\n";
    // Every fixed text was written: the relint of those texts is what the files now hold.
    if (request.write && !outcome.failed && outcome.files_changed > 0) outcome.after = std::move(fixed);
    return outcome;
}

}  // namespace miglint::cli

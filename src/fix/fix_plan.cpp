#include "fix/fix_plan.hpp"

#include <algorithm>
#include <map>

namespace miglint::fix {
namespace {

// True when two edits touch the same bytes, or insert at the same place (their order would be a guess).
bool overlaps(const Edit& a, const Edit& b) {
    if (a.span.begin == b.span.begin) return true;
    return a.span.begin < b.span.end && b.span.begin < a.span.end;
}

std::string where(const Finding& finding) {
    const auto at = finding.start();
    return finding.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + finding.rule;
}

// The fixes chosen for one file so far, and their edits.
class FileChoice {
public:
    explicit FileChoice(std::shared_ptr<const SourceText> source) : m_source(std::move(source)) {}

    // Adds `finding`'s fix unless an edit of it collides with one chosen; the reason when it does.
    std::optional<std::string> add(const Finding& finding) {
        std::vector<Edit> fresh;
        for (const auto& edit : finding.fix->edits) {
            if (std::find(m_edits.begin(), m_edits.end(), edit) != m_edits.end()) continue;  // offered twice, applied once
            const bool collides = std::any_of(m_edits.begin(), m_edits.end(), [&](const Edit& e) { return overlaps(e, edit); }) ||
                                  std::any_of(fresh.begin(), fresh.end(), [&](const Edit& e) { return overlaps(e, edit); });
            if (collides) return "it overlaps another fix";
            if (edit.span.end > m_source->text().size() || edit.span.end < edit.span.begin) return "its edit lies outside the file";
            fresh.push_back(edit);
        }
        m_edits.insert(m_edits.end(), fresh.begin(), fresh.end());
        m_applied.push_back(&finding);
        return std::nullopt;
    }

    [[nodiscard]] std::optional<FixedFile> result() const {
        if (m_edits.empty()) return std::nullopt;
        return FixedFile{m_source, apply_edits(m_source->text(), m_edits), m_applied};
    }

private:
    std::shared_ptr<const SourceText> m_source;
    std::vector<Edit> m_edits;
    std::vector<const Finding*> m_applied;
};

}  // namespace

std::string apply_edits(const std::string& text, std::vector<Edit> edits) {
    // From the end backwards, so earlier offsets stay valid.
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.span.begin > b.span.begin; });
    std::string out = text;
    for (const auto& edit : edits) out.replace(edit.span.begin, edit.span.end - edit.span.begin, edit.replacement);
    return out;
}

FixPlan plan_fixes(const LintOutput& output, bool include_unsafe) {
    FixPlan plan;
    // A file PostgreSQL would reject is never rewritten: its statements may not be what miglint read.
    std::map<std::string, bool> broken;
    for (const auto& finding : output.findings) {
        if (finding.rule == "syntax-error") broken[finding.path()] = true;
    }
    std::map<std::string, FileChoice> choices;
    std::vector<std::string> order;
    for (const auto& finding : output.findings) {
        if (!finding.fix || finding.fix->edits.empty() || finding.suppressed || finding.outside_scope) continue;
        if (finding.fix->unsafe && !include_unsafe) {
            ++plan.unsafe_withheld;
            continue;
        }
        if (broken.count(finding.path()) != 0) {
            plan.skipped.push_back(where(finding) + ": fix not applied: the file has a syntax error");
            continue;
        }
        auto [it, fresh] = choices.try_emplace(finding.path(), finding.source);
        if (fresh) order.push_back(finding.path());
        if (auto reason = it->second.add(finding)) plan.skipped.push_back(where(finding) + ": fix not applied: " + *reason);
    }
    for (const auto& path : order) {
        if (auto file = choices.at(path).result()) plan.files.push_back(std::move(*file));
    }
    return plan;
}

}  // namespace miglint::fix

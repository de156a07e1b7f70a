#include "fix/fix_plan.hpp"

#include "fix/split_migration.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

namespace miglint::fix {
namespace {

bool is_insertion(const Edit& e) { return e.span.begin == e.span.end; }

// Whole lines put at the start of a line: in any order, the text reads the same way line by line.
bool inserts_whole_lines(const std::string& text, const Edit& e) {
    return is_insertion(e) && e.replacement.ends_with('\n') && (e.span.begin == 0 || text[e.span.begin - 1] == '\n');
}

// True when two edits touch the same bytes, or insert at the same place where
// their order would be a guess (two keywords); whole lines at one line start compose.
bool overlaps(const std::string& text, const Edit& a, const Edit& b) {
    if (a.span.begin == b.span.begin) {
        return !(inserts_whole_lines(text, a) && inserts_whole_lines(text, b));
    }
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

    // Why `finding`'s fix cannot join the chosen ones, or nothing when it can.
    [[nodiscard]] std::optional<std::string> conflict(const Finding& finding) const {
        std::vector<Edit> fresh;
        const auto& text = m_source->text();
        for (const auto& edit : finding.fix->edits) {
            if (std::find(m_edits.begin(), m_edits.end(), edit) != m_edits.end()) continue;  // offered twice, applied once
            const auto hits = [&](const Edit& e) { return overlaps(text, e, edit); };
            if (std::any_of(m_edits.begin(), m_edits.end(), hits) || std::any_of(fresh.begin(), fresh.end(), hits)) {
                return "it overlaps another fix";
            }
            if (edit.span.end > text.size() || edit.span.end < edit.span.begin) return "its edit lies outside the file";
            fresh.push_back(edit);
        }
        return std::nullopt;
    }

    void add(const Finding& finding) {
        for (const auto& edit : finding.fix->edits) {
            if (std::find(m_edits.begin(), m_edits.end(), edit) == m_edits.end()) m_edits.push_back(edit);
        }
        m_applied.push_back(&finding);
    }

    // Also for fixes that only create files: the file's text is then as it was.
    [[nodiscard]] std::optional<FixedFile> result() const {
        if (m_applied.empty()) return std::nullopt;
        return FixedFile{m_source, apply_edits(m_source->text(), m_edits), m_applied};
    }

private:
    std::shared_ptr<const SourceText> m_source;
    std::vector<Edit> m_edits;
    std::vector<const Finding*> m_applied;
};

// The files chosen fixes create, across the run.
class Creations {
public:
    // The files `finding`'s fix creates, or why it cannot create them.
    [[nodiscard]] Result<std::vector<NewFile>> files_of(const Finding& finding) const {
        auto files = files_created_by(*finding.fix, finding.path(), m_paths);
        if (!files) return files.error();
        for (const auto& file : *files) {
            const auto chosen = m_text.find(file.path);
            if (chosen != m_text.end()) {
                if (chosen->second != file.text) return Error{"it would create " + file.path + ", which another fix creates", "", {}};
                continue;
            }
            std::error_code ec;
            if (std::filesystem::exists(file.path, ec)) return Error{"it would create " + file.path + ", which exists", "", {}};
        }
        return files;
    }

    void add(const Finding& finding, const std::vector<NewFile>& files, std::vector<CreatedFile>& created) {
        for (const auto& file : files) {
            if (!m_text.emplace(file.path, file.text).second) continue;  // created once for both
            m_paths.insert(file.path);
            created.push_back({file, &finding});
        }
    }

private:
    std::map<std::string, std::string> m_text;
    std::set<std::string> m_paths;
};

}  // namespace

std::string apply_edits(const std::string& text, std::vector<Edit> edits) {
    // From the end backwards, so earlier offsets stay valid. At one offset the
    // replacement goes first and the insertions then in reverse, so they end
    // up before it, in the order given.
    std::vector<std::size_t> order(edits.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (edits[a].span.begin != edits[b].span.begin) return edits[a].span.begin > edits[b].span.begin;
        if (is_insertion(edits[a]) != is_insertion(edits[b])) return !is_insertion(edits[a]);
        return a > b;
    });
    std::string out = text;
    for (const auto i : order) out.replace(edits[i].span.begin, edits[i].span.end - edits[i].span.begin, edits[i].replacement);
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
    Creations creations;
    for (const auto& finding : output.findings) {
        if (!finding.fix || finding.suppressed || finding.outside_scope) continue;
        if (finding.fix->edits.empty() && finding.fix->edits_own_file_only()) continue;
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
        auto files = creations.files_of(finding);
        if (!files) {
            plan.skipped.push_back(where(finding) + ": fix not applied: " + files.error().message);
            continue;
        }
        if (auto reason = it->second.conflict(finding)) {
            plan.skipped.push_back(where(finding) + ": fix not applied: " + *reason);
            continue;
        }
        it->second.add(finding);
        creations.add(finding, *files, plan.created);
    }
    for (const auto& path : order) {
        if (auto file = choices.at(path).result()) plan.files.push_back(std::move(*file));
    }
    return plan;
}

}  // namespace miglint::fix

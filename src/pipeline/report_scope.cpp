#include "report_scope.hpp"

#include "file_layout.hpp"
#include "history_order.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace fs = std::filesystem;

namespace miglint {
namespace {

// Rules tagged "whole-graph" (multiple-heads, revision-cycle, ...) judge the graph, which a change can
// break through any file; filename-order, a revision-graph rule too, is about one file's name.
bool judged_on_whole_graph(const Finding& finding) {
    const auto* rule = find_rule(finding.rule);
    return rule != nullptr && std::find(rule->tags.begin(), rule->tags.end(), "whole-graph") != rule->tags.end();
}

// True when `key` or one of its parent folders is in `judged` (a named folder judges all it holds).
bool in_judged(const std::set<std::string>& judged, const std::string& key) {
    for (fs::path at = key; !at.empty(); at = at.parent_path()) {
        if (judged.count(at.string()) > 0) return true;
        if (at == at.root_path()) break;
    }
    return false;
}

// "0003" and "3" name one version; other spellings are compared as written.
bool same_version(const std::string& a, const std::string& b) {
    const auto digits_only = [](const std::string& s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (a == b) return true;
    if (!digits_only(a) || !digits_only(b)) return false;
    const auto trim = [](const std::string& s) { return s.substr(std::min(s.find_first_not_of('0'), s.size())); };
    return trim(a) == trim(b);
}

// The file name without its folder and its `.sql`/`.py` ending.
std::string stem_of(const std::string& path) {
    return fs::path(path).stem().string();
}

bool names_migration(const Migration& m, const std::string& wanted) {
    if (m.kind == FileKind::alembic_revision) return m.revision.revision == wanted;
    return same_version(m.version, wanted) || stem_of(m.path()) == wanted;
}

// The files start-after leaves unreported, as scope keys; empty when no migration matches.
std::set<std::string> files_up_to(const std::vector<Migration>& ordered, const std::string& wanted) {
    std::set<std::string> old;
    std::map<std::string, std::vector<const Migration*>> by_group;
    for (const auto& m : ordered) by_group[replay_group(m)].push_back(&m);
    const auto mark = [&](const Migration& m) {
        old.insert(scope_key(m.path()));
        if (m.downgrade_source) old.insert(scope_key(m.downgrade_source->path()));
    };
    for (const auto& [group, members] : by_group) {
        const auto match = std::find_if(members.begin(), members.end(),
                                        [&](const Migration* m) { return names_migration(*m, wanted); });
        if (match == members.end()) continue;
        if ((*match)->kind != FileKind::alembic_revision) {
            // SQL sets run in history order: everything up to the match has run.
            for (auto it = members.begin(); it <= match; ++it) mark(**it);
            continue;
        }
        // A revision graph can branch: what has run is the revision and its ancestors.
        std::map<std::string, const Migration*> by_id;
        for (const auto* m : members) by_id.emplace(m->revision.revision, m);
        std::vector<std::string> todo{wanted};
        std::set<std::string> seen;
        while (!todo.empty()) {
            const auto id = todo.back();
            todo.pop_back();
            if (!seen.insert(id).second) continue;
            const auto it = by_id.find(id);
            if (it == by_id.end()) continue;
            mark(*it->second);
            for (const auto& down : it->second->revision.down_revisions) todo.push_back(down);
        }
    }
    return old;
}

}  // namespace

std::string scope_key(const std::string& path) {
    std::error_code ec;
    auto resolved = fs::weakly_canonical(path, ec);
    if (ec) resolved = fs::absolute(path, ec);
    return resolved.lexically_normal().string();
}

NamedFiles expand_named_files(const std::vector<std::string>& paths) {
    NamedFiles out;
    std::set<std::string> folders;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            out.paths_to_read.push_back(path);
            continue;
        }
        out.judged.insert(scope_key(path));
        fs::path folder = classify_layout(path).set_folder;
        if (folder.empty()) folder = fs::path(path).parent_path();
        // The walk of "." spells its files "./x.sql": the named file is spelled so too, or it would be read twice.
        auto as_named = path;
        if (folder.empty()) {
            folder = fs::path(".");
            as_named = "./" + path;
        }
        if (folders.insert(folder.string()).second) out.paths_to_read.push_back(folder.string());
        // Named, the file is read as given (a symlink, a hidden folder, any extension), and the walk leaves it.
        out.paths_to_read.push_back(as_named);
    }
    if (out.judged.empty()) return out;
    // Directories named beside the files are judged whole.
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) out.judged.insert(scope_key(path));
    }
    return out;
}

void judge_only_named(Settings& settings, const NamedFiles& named) {
    if (named.judged.empty()) return;
    if (!settings.judged_files) {
        settings.judged_files = named.judged;
        return;
    }
    std::erase_if(*settings.judged_files, [&](const std::string& key) { return !in_judged(named.judged, key); });
}

void apply_report_scope(LintOutput& output, const std::vector<Migration>& ordered, const Settings& settings) {
    auto& findings = output.findings;
    std::set<std::string> old;
    if (!settings.start_after.empty()) {
        old = files_up_to(ordered, settings.start_after);
        if (old.empty()) {
            std::string message = "start-after: `";
            message.append(settings.start_after).append("` names no revision id, version or file of the linted history");
            output.errors.push_back({std::move(message), "", {}});
            return;
        }
    }
    if (!settings.judged_files && old.empty()) return;
    // One decision per file: a file's findings are adjacent, but hashing the source is as cheap.
    std::unordered_map<const SourceText*, bool> judged;
    const auto is_judged = [&](const SourceText* source) {
        const auto [it, added] = judged.try_emplace(source, false);
        if (added) {
            const auto key = scope_key(source->path());
            it->second = (!settings.judged_files || in_judged(*settings.judged_files, key)) && old.count(key) == 0;
        }
        return it->second;
    };
    // The summary counts the files judged; the others were read for context.
    std::size_t judged_count = 0;
    for (const auto& m : ordered) judged_count += is_judged(m.source.get()) ? 1 : 0;
    output.files_for_context = output.files_linted - std::min(output.files_linted, judged_count);
    output.files_linted = judged_count;
    std::erase_if(findings, [&](Finding& f) {
        if (is_judged(f.source.get())) return false;
        if (!judged_on_whole_graph(f)) return true;
        f.outside_scope = true;
        return false;
    });
}

}  // namespace miglint

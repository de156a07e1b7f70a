#include "cli/git_changes.hpp"

#include "cli/run_process.hpp"
#include "pipeline/report_scope.hpp"

#include <filesystem>

namespace fs = std::filesystem;

namespace miglint::cli {
namespace {

// git's first line of complaint, for our one-line errors.
std::string first_line(const std::string& text) {
    auto line = text.substr(0, text.find('\n'));
    if (line.starts_with("fatal: ")) line.erase(0, 7);
    return line;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// Runs git in `top` (or wherever `where` is). A repository's own config must
// not make a lint run programs: no fsmonitor hook, no external diff or textconv driver.
Result<ProcessOutput> git(const std::string& where, std::vector<std::string> args) {
    std::vector<std::string> argv{"git", "-C", where, "-c", "core.fsmonitor=false", "-c", "core.quotepath=false"};
    argv.insert(argv.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    auto ran = run_process(argv);
    if (!ran) return Error{"--diff-base needs git: " + ran.error().message, "", {}};
    return ran;
}

Error diff_error(std::string message) {
    return Error{"--diff-base: " + std::move(message), "", {}};
}

// The NUL-separated fields of `-z` output.
std::vector<std::string> split_nul(const std::string& text) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\0', start);
        if (end == std::string::npos) {
            fields.push_back(text.substr(start));
            break;
        }
        fields.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return fields;
}

// `git diff --name-status -z` output: the paths whose content differs. A
// rename or copy scored 100 is the same content under a new name: not changed.
std::vector<std::string> changed_in_diff(const std::string& output) {
    const auto fields = split_nul(output);
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& status = fields[i];
        if (status.empty()) continue;
        if (status[0] == 'R' || status[0] == 'C') {  // status, old path, new path
            if (i + 2 >= fields.size()) break;
            if (status.substr(1) != "100") paths.push_back(fields[i + 2]);
            i += 2;
            continue;
        }
        if (i + 1 >= fields.size()) break;
        if (status[0] != 'D') paths.push_back(fields[i + 1]);
        i += 1;
    }
    return paths;
}

// The folder git is asked from: the path's own when it is one, else its parent.
std::string folder_of(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return path;
    const auto parent = fs::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

}  // namespace

Result<std::set<std::string>> changed_files(const std::string& base, const std::vector<std::string>& linted_paths) {
    if (base.empty() || base.front() == '-') return diff_error("`" + base + "` is not a git branch, tag or commit");
    const auto first = linted_paths.empty() ? std::string(".") : linted_paths.front();
    auto top_run = git(folder_of(first), {"rev-parse", "--show-toplevel"});
    if (!top_run) return top_run.error();
    if (top_run->exit_code != 0) {
        return diff_error(first + " is not in a git work tree (" + first_line(top_run->err) + ")");
    }
    const auto top = scope_key(trimmed(top_run->out));
    for (const auto& path : linted_paths) {
        const auto key = scope_key(path);
        if (key != top && !key.starts_with(top + "/")) {
            return diff_error(path + " is outside the git work tree at " + top);
        }
    }
    auto head = git(top, {"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
    if (!head) return head.error();
    if (head->exit_code != 0) return diff_error("the repository at " + top + " has no commits yet");
    auto ref = git(top, {"rev-parse", "--verify", "--quiet", "--end-of-options", base + "^{commit}"});
    if (!ref) return ref.error();
    if (ref->exit_code != 0) {
        return diff_error("`" + base + "` is not a commit git knows here (in CI, fetch it: actions/checkout with fetch-depth: 0)");
    }
    auto merge_base = git(top, {"merge-base", trimmed(ref->out), "HEAD"});
    if (!merge_base) return merge_base.error();
    if (merge_base->exit_code != 0) {
        auto shallow = git(top, {"rev-parse", "--is-shallow-repository"});
        const bool is_shallow = shallow && trimmed(shallow->out) == "true";
        return diff_error("`" + base + "` and HEAD have no common history" +
                          (is_shallow ? std::string(": the clone is shallow, fetch the whole history (fetch-depth: 0)")
                                      : std::string(" (unrelated histories)")));
    }
    // The merge base against the work tree: committed and uncommitted edits alike.
    auto diff = git(top, {"diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv",
                          trimmed(merge_base->out), "--"});
    if (!diff) return diff.error();
    if (diff->exit_code != 0) return diff_error("git diff failed: " + first_line(diff->err));
    auto untracked = git(top, {"ls-files", "--others", "--exclude-standard", "-z"});
    if (!untracked) return untracked.error();
    if (untracked->exit_code != 0) return diff_error("git ls-files failed: " + first_line(untracked->err));
    std::set<std::string> changed;
    for (const auto& path : changed_in_diff(diff->out)) changed.insert(scope_key(top + "/" + path));
    for (const auto& path : split_nul(untracked->out)) {
        if (!path.empty()) changed.insert(scope_key(top + "/" + path));
    }
    return changed;
}

}  // namespace miglint::cli

#include "fix/unified_diff.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace miglint::fix {
namespace {

constexpr std::size_t k_context = 3;
// Beyond this many cells the middle is shown as one replaced block instead of a line-by-line match.
constexpr std::size_t k_max_table_cells = 4'000'000;

// Lines with their endings; a last line without one is kept as it is.
std::vector<std::string_view> lines_of(const std::string& text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const auto stop = end == std::string::npos ? text.size() : end + 1;
        lines.emplace_back(text.data() + start, stop - start);
        start = stop;
    }
    return lines;
}

enum class Kind { same, removed, added };
struct Step {
    Kind kind;
    std::string_view line;
};

// The edit script from `a` to `b`: a longest common subsequence over the
// lines between their common prefix and suffix.
std::vector<Step> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) ++suffix;
    std::vector<Step> steps;
    for (std::size_t i = 0; i < prefix; ++i) steps.push_back({Kind::same, a[i]});
    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;
    if (n * m <= k_max_table_cells) {
        // common[i][j]: the longest common subsequence of a's and b's middles from i and j on.
        std::vector<std::vector<std::uint32_t>> common(n + 1, std::vector<std::uint32_t>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                common[i][j] = a[prefix + i] == b[prefix + j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
            }
        }
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                steps.push_back({Kind::same, a[prefix + i]});
                ++i;
                ++j;
            } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
                steps.push_back({Kind::removed, a[prefix + i++]});  // removals first, as diff -u lists them
            } else {
                steps.push_back({Kind::added, b[prefix + j++]});
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) steps.push_back({Kind::removed, a[prefix + i]});
        for (std::size_t j = 0; j < m; ++j) steps.push_back({Kind::added, b[prefix + j]});
    }
    for (std::size_t i = a.size() - suffix; i < a.size(); ++i) steps.push_back({Kind::same, a[i]});
    return steps;
}

void append_line(std::string& out, char mark, std::string_view line) {
    out += mark;
    out += line;
    if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(const std::string& path, const std::string& before, const std::string& after) {
    if (before == after) return {};
    const auto steps = edit_script(lines_of(before), lines_of(after));
    std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
    std::size_t k = 0;
    while (k < steps.size()) {
        // The next change, then a hunk from k_context lines before it to k_context after its last nearby change.
        while (k < steps.size() && steps[k].kind == Kind::same) ++k;
        if (k == steps.size()) break;
        const std::size_t begin = k >= k_context ? k - k_context : 0;
        std::size_t end = k;
        std::size_t quiet = 0;
        for (std::size_t s = k; s < steps.size(); ++s) {
            if (steps[s].kind == Kind::same) {
                if (++quiet > 2 * k_context) break;
            } else {
                quiet = 0;
                end = s + 1;
            }
        }
        const std::size_t stop = std::min(steps.size(), end + k_context);
        // Line numbers where the hunk starts, counted over the steps before it.
        std::size_t old_line = 1;
        std::size_t new_line = 1;
        for (std::size_t s = 0; s < begin; ++s) {
            if (steps[s].kind != Kind::added) ++old_line;
            if (steps[s].kind != Kind::removed) ++new_line;
        }
        std::size_t old_count = 0;
        std::size_t new_count = 0;
        std::string body;
        for (std::size_t s = begin; s < stop; ++s) {
            const char mark = steps[s].kind == Kind::same ? ' ' : steps[s].kind == Kind::removed ? '-' : '+';
            if (steps[s].kind != Kind::added) ++old_count;
            if (steps[s].kind != Kind::removed) ++new_count;
            append_line(body, mark, steps[s].line);
        }
        // An empty side starts at the line before it, as diff -u writes it.
        out += "@@ -" + std::to_string(old_count == 0 ? old_line - 1 : old_line) + "," + std::to_string(old_count) + " +" +
               std::to_string(new_count == 0 ? new_line - 1 : new_line) + "," + std::to_string(new_count) + " @@\n" + body;
        k = stop;
    }
    return out;
}

std::string new_file_diff(const std::string& path, const std::string& text) {
    const auto lines = lines_of(text);
    std::string out = "--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1," + std::to_string(lines.size()) + " @@\n";
    for (const auto& line : lines) append_line(out, '+', line);
    return out;
}

}  // namespace miglint::fix

#include <miglint/finding.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>

namespace miglint {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "info") return Severity::info;
    if (text == "warning") return Severity::warning;
    if (text == "error") return Severity::error;
    return std::nullopt;
}

namespace {

bool reported_before(const Finding& a, const Finding& b) {
    // One source, one path: most comparisons are within a file and need not compare paths.
    if (a.source != b.source && a.path() != b.path()) return a.path() < b.path();
    return std::tie(a.span.begin, a.rule, a.span.end, a.message) < std::tie(b.span.begin, b.rule, b.span.end, b.message);
}

// A finding's place in the report, small enough that sorting stays in cache:
// its file's rank by path and its start decide nearly every comparison.
struct SortKey {
    std::uint32_t file;
    std::uint32_t begin;
    std::uint32_t index;  // into the findings
};

// The rank of each finding's file by path; files of equal path share a rank.
std::vector<std::uint32_t> file_ranks(std::span<const Finding> findings) {
    std::vector<const SourceText*> sources;
    for (const auto& f : findings) {
        if (sources.empty() || sources.back() != f.source.get()) sources.push_back(f.source.get());
    }
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    std::vector<std::uint32_t> by_path(sources.size());
    std::iota(by_path.begin(), by_path.end(), 0U);
    std::sort(by_path.begin(), by_path.end(), [&](std::uint32_t a, std::uint32_t b) { return sources[a]->path() < sources[b]->path(); });
    std::vector<std::uint32_t> rank_of_source(sources.size());
    std::uint32_t rank = 0;
    for (std::size_t i = 0; i < by_path.size(); ++i) {
        if (i > 0 && sources[by_path[i]]->path() != sources[by_path[i - 1]]->path()) ++rank;
        rank_of_source[by_path[i]] = rank;
    }
    std::vector<std::uint32_t> ranks;
    ranks.reserve(findings.size());
    const SourceText* last = nullptr;
    std::uint32_t last_rank = 0;
    for (const auto& f : findings) {
        if (f.source.get() != last) {  // a file's findings are mostly adjacent
            last = f.source.get();
            const auto at = std::lower_bound(sources.begin(), sources.end(), last) - sources.begin();
            last_rank = rank_of_source[static_cast<std::size_t>(at)];
        }
        ranks.push_back(last_rank);
    }
    return ranks;
}

// Puts findings[keys[i].index] at i, following each cycle of the permutation:
// a finding already in place is not touched, the others move once.
void permute(std::span<Finding> findings, std::vector<SortKey>& keys) {
    for (std::size_t start = 0; start < keys.size(); ++start) {
        if (keys[start].index == start) continue;
        Finding held = std::move(findings[start]);
        auto at = start;
        while (keys[at].index != start) {
            const auto from = keys[at].index;
            findings[at] = std::move(findings[from]);
            keys[at].index = static_cast<std::uint32_t>(at);
            at = from;
        }
        findings[at] = std::move(held);
        keys[at].index = static_cast<std::uint32_t>(at);
    }
}

}  // namespace

void sort_findings(std::span<Finding> findings) {
    if (std::is_sorted(findings.begin(), findings.end(), reported_before)) return;
    const auto ranks = file_ranks(findings);
    std::vector<SortKey> keys;
    keys.reserve(findings.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
        keys.push_back({ranks[i], findings[i].span.begin, static_cast<std::uint32_t>(i)});
    }
    // Stable, so findings that compare equal keep the order the rules gave them.
    std::stable_sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
        if (a.file != b.file) return a.file < b.file;
        if (a.begin != b.begin) return a.begin < b.begin;
        const auto& x = findings[a.index];
        const auto& y = findings[b.index];
        return std::tie(x.rule, x.span.end, x.message) < std::tie(y.rule, y.span.end, y.message);
    });
    permute(findings, keys);
}

}  // namespace miglint

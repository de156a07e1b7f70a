// Alembic revision files numbered by name (0005_add_x.py) whose chain order,
// given by down_revision, disagrees with the numbers: the file order readers
// and reviewers trust is not the order Alembic runs them in.
// No lock: the hazard is a misleading history.
#include <miglint/rule.hpp>

#include "schema/predicates.hpp"

#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace miglint::rules {
namespace {

// One digit group without leading zeros, and the lower-case letter that
// follows it: "29b" in 2023-11-29b_x -> {"29", "b"}.
struct Group {
    std::string digits;
    std::string letters;
};
using Number = std::vector<Group>;  // 2024_01_05_x -> {2024, 1, 5}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}

// The number a file name starts with: groups of digits separated by `_` or
// `-`, each ending at a separator, a dot or the end, the last one perhaps
// with a letter suffix that orders names sharing a number (2023-11-29a,
// 2023-11-29b). "1975ea83_x" (an Alembic hex id) has none.
std::optional<Number> leading_number(const std::string& file_name) {
    Number groups;
    std::size_t i = 0;
    while (i < file_name.size() && is_digit(file_name[i])) {
        std::size_t j = i;
        while (j < file_name.size() && is_digit(file_name[j])) ++j;
        std::size_t k = j;
        while (k < file_name.size() && is_lower(file_name[k])) ++k;
        const bool ends = k >= file_name.size() || file_name[k] == '_' || file_name[k] == '-' || file_name[k] == '.';
        // A suffix is one letter after a few digits: longer runs are a hex id's ("0344535782ee").
        if (!ends || k - j > 1 || (k > j && j - i > 6)) break;
        auto digits = file_name.substr(i, j - i);
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        groups.push_back({std::move(digits), file_name.substr(j, k - j)});
        if (k > j || k >= file_name.size() || file_name[k] == '.') break;
        i = k + 1;
    }
    if (groups.empty()) return std::nullopt;
    return groups;
}

// Numeric comparison of two numbers: group by group, shorter digit strings
// first, then by letter suffix when both have one (29 and 29b share a number).
bool less(const Number& a, const Number& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i].digits.size() != b[i].digits.size()) return a[i].digits.size() < b[i].digits.size();
        if (a[i].digits != b[i].digits) return a[i].digits < b[i].digits;
        if (a[i].letters == b[i].letters) continue;
        if (a[i].letters.empty() || b[i].letters.empty()) return false;
        return a[i].letters < b[i].letters;
    }
    return a.size() < b.size();
}

std::string file_name_of(const Migration& m) {
    return std::filesystem::path(m.path()).filename().string();
}

void check(const SetContext& ctx, Reporter& out) {
    std::map<std::string, const Migration*> by_id;
    for (const auto* m : ctx.migrations()) {
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        by_id.emplace(m->revision.revision, m);
    }
    for (const auto* m : ctx.migrations()) {
        if (m->kind != FileKind::alembic_revision || m->revision.revision.empty()) continue;
        // Files not numbered by name promise no order.
        const auto number = leading_number(file_name_of(*m));
        if (!number) continue;
        for (const auto& down : m->revision.down_revisions) {
            const auto it = by_id.find(down);
            // A revision outside the set is missing-down-revision's concern.
            if (it == by_id.end() || it->second == m) continue;
            const auto parent_number = leading_number(file_name_of(*it->second));
            // A parent with a lower number is in order; an unnumbered one, or one
            // with the same number (dispatch's several revisions of one day), promises nothing.
            if (!parent_number || !less(*number, *parent_number)) continue;
            const auto parent = file_name_of(*it->second);
            out.report(*m, m->revision.down_revision_span,
                       quoted(file_name_of(*m)) + " revises " + quoted(parent) +
                           ", so it runs after that file although its number says it comes first")
                .help("renumber the file so it follows " + quoted(parent) +
                      ", or point down_revision at the revision it should follow");
            break;
        }
    }
}

}  // namespace

const Rule& filename_order() {
    static const Rule rule{
        .id = "filename-order",
        .summary = "Numbered Alembic revision files whose down_revision chain runs them out of numeric order.",
        .default_severity = Severity::info,
        .check_set = &check,
        .tags = {"alembic", "revision-graph"},
    };
    return rule;
}

}  // namespace miglint::rules

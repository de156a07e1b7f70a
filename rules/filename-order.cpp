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

using Number = std::vector<std::string>;  // digit groups without leading zeros: 2024_01_05_x -> {2024, 1, 5}

// The number a file name starts with: groups of digits separated by `_` or
// `-`, each ending at a separator, a dot or the end. "1975ea83_x" (an
// Alembic hex id) has none.
std::optional<Number> leading_number(const std::string& file_name) {
    Number groups;
    std::size_t i = 0;
    while (i < file_name.size() && std::isdigit(static_cast<unsigned char>(file_name[i])) != 0) {
        std::size_t j = i;
        while (j < file_name.size() && std::isdigit(static_cast<unsigned char>(file_name[j])) != 0) ++j;
        if (j < file_name.size() && file_name[j] != '_' && file_name[j] != '-' && file_name[j] != '.') break;
        auto group = file_name.substr(i, j - i);
        group.erase(0, std::min(group.find_first_not_of('0'), group.size() - 1));
        groups.push_back(std::move(group));
        if (j >= file_name.size() || file_name[j] == '.') break;
        i = j + 1;
    }
    if (groups.empty()) return std::nullopt;
    return groups;
}

// Numeric comparison of two numbers: group by group, shorter digit strings first.
bool less(const Number& a, const Number& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i].size() != b[i].size()) return a[i].size() < b[i].size();
        if (a[i] != b[i]) return a[i] < b[i];
    }
    return a.size() < b.size();
}

std::string file_name_of(const Migration& m) { return std::filesystem::path(m.path()).filename().string(); }

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
            // A parent with a lower number is in order; an unnumbered one promises nothing.
            if (!parent_number || less(*parent_number, *number)) continue;
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

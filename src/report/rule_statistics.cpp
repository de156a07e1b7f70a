#include "rule_statistics.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace miglint::report {

std::vector<RuleCount> rule_statistics(const std::vector<const Finding*>& findings) {
    std::map<std::pair<std::string_view, Severity>, std::size_t> counts;
    for (const auto* finding : findings) ++counts[{finding->rule, finding->severity}];
    std::vector<RuleCount> rows;
    rows.reserve(counts.size());
    for (const auto& [key, count] : counts) rows.push_back({key.first, key.second, count});
    std::sort(rows.begin(), rows.end(), [](const RuleCount& a, const RuleCount& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.rule != b.rule) return a.rule < b.rule;
        return a.severity > b.severity;
    });
    return rows;
}

}  // namespace miglint::report

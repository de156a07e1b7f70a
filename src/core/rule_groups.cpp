#include <miglint/rule.hpp>

#include <algorithm>

namespace miglint {

bool rule_matches(const Rule& rule, std::string_view name) {
    return rule.id == name || std::find(rule.tags.begin(), rule.tags.end(), name) != rule.tags.end();
}

bool is_rule_group(std::string_view name) {
    if (find_rule(name) != nullptr) return false;
    const auto rules = all_rules();
    return std::any_of(rules.begin(), rules.end(), [&](const Rule* rule) { return rule_matches(*rule, name); });
}

}  // namespace miglint

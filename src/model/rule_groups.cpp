#include <miglint/rule.hpp>

#include <algorithm>

namespace miglint {

bool rule_matches(const Rule& rule, std::string_view name) {
    return rule.id == name || std::find(rule.tags.begin(), rule.tags.end(), name) != rule.tags.end();
}

}  // namespace miglint

#include "resolved_at_head.hpp"

#include <algorithm>

namespace miglint {

void drop_resolved_at_head(std::vector<Finding>& findings, const SchemaState& head) {
    std::erase_if(findings, [&](const Finding& f) { return f.resolved_at_head && f.resolved_at_head(head); });
}

}  // namespace miglint

// Findings about the schema itself, judged against the schema the whole
// history leaves: a foreign key a later migration indexed is no hazard now.
#pragma once

#include <miglint/finding.hpp>
#include <miglint/schema.hpp>

#include <vector>

namespace miglint {

// Removes the findings whose resolved_at_head holds for `head`.
void drop_resolved_at_head(std::vector<Finding>& findings, const SchemaState& head);

}  // namespace miglint

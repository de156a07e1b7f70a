// Alembic revision metadata: revision, down_revision, branch_labels,
// depends_on and the docstring's "Revises:" line.
#pragma once

#include "alembic/module_scope.hpp"

#include <miglint/migration.hpp>

namespace miglint::alembic {

// Reads the metadata from the module-level assignments (plain or typed,
// `revision: str = "abc"`). A down_revision that is a string, None, a tuple
// or a list fills `down_revisions`; a value miglint cannot read leaves it
// empty with `has_down_revision` still set. Spans are the assignments.
RevisionInfo read_revision_info(const ModuleLevel& module, const Evaluator& eval);

}  // namespace miglint::alembic

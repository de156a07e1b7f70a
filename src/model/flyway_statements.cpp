// Which statements Flyway runs outside a transaction (declared in migration.hpp).
#include <miglint/migration.hpp>

namespace miglint {

bool flyway_runs_outside_transaction(const Operation& op) {
    if (const auto* index = op.get<CreateIndex>()) return index->concurrently;
    if (const auto* drop = op.get<DropIndex>()) return drop->concurrently;
    if (const auto* vacuum = op.get<Vacuum>()) return !vacuum->analyze_only;
    if (const auto* reindex = op.get<ReindexOp>()) {
        using Target = ReindexOp::Target;
        return reindex->target == Target::schema || reindex->target == Target::database || reindex->target == Target::system;
    }
    return op.get<DropDatabase>() != nullptr;
}

}  // namespace miglint

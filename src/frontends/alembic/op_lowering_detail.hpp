// Shared by the op lowering files; not part of the front end's interface.
#pragma once

#include "alembic/call_args.hpp"
#include "alembic/evaluator.hpp"
#include "alembic/op_sink.hpp"

#include <miglint/operation.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace miglint::alembic::detail {

// One op call being lowered: its arguments bound to Alembic's parameter
// names, and the batch table when it is a batch_op call.
struct OpCall {
    std::string_view name;
    Node call;
    BoundArgs args;
    CallArgs raw;
    std::optional<QualifiedName> batch_table;
    const Evaluator& eval;
    const Scope& scope;

    [[nodiscard]] Node arg(std::string_view param) const { return args.get(param); }
    [[nodiscard]] std::string string(std::string_view param) const;  // empty when absent, None or unknown
    [[nodiscard]] std::optional<bool> boolean(std::string_view param) const;
    [[nodiscard]] bool flag(std::string_view param) const { return boolean(param).value_or(false); }
    // The table the call acts on: the batch table, or `param` with `schema=`.
    [[nodiscard]] QualifiedName table(std::string_view param = "table_name",
                                      std::string_view schema_param = "schema") const;
    [[nodiscard]] Span span() const { return call.span(); }
};

// Each returns false when `call.name` is not one it lowers.
bool lower_table_op(const OpCall& call, OpSink& out);
bool lower_index_or_constraint_op(const OpCall& call, OpSink& out);

}  // namespace miglint::alembic::detail

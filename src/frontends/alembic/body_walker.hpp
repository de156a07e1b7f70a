// Walks the body of upgrade()/downgrade() statement by statement, keeping the
// names it binds (local constants, `conn = op.get_bind()`, `batch_op`, loop
// variables) and lowering every op call it meets, in order.
#pragma once

#include "alembic/evaluator.hpp"
#include "alembic/op_sink.hpp"

#include <optional>
#include <vector>

namespace miglint::alembic {

class BodyWalker {
public:
    BodyWalker(const Evaluator& eval, const Scope& module_scope, OpSink& out)
        : m_eval(eval), m_module(module_scope), m_out(out) {}

    // Walks `function` (a function_definition). A parameter named `op` is
    // Alembic's op module; helper functions of the file called from the body
    // are walked in place with their arguments bound.
    void walk_function(Node function);

private:

    void walk_function_with(Node function, const std::vector<Value>& positional,
                            const std::vector<std::pair<std::string, Value>>& keywords);
    // Returns false when a `return` ends the block.
    bool walk_block(Node block, Scope& scope, int depth);
    bool walk_statement(Node statement, Scope& scope, int depth);
    void walk_branch(Node block, Scope& scope, int depth);
    // An `if` on the database's dialect walks only the branch PostgreSQL takes;
    // returns false when that branch surely runs and ends in a `return`.
    bool walk_if(Node statement, Scope& scope, int depth);
    void walk_with(Node statement, Scope& scope, int depth);
    void walk_for(Node statement, Scope& scope, int depth);
    void walk_assignment(Node assignment, Scope& scope, int depth);
    // Binds `target` (a name or a tuple of them) to `value`; nested tuples deeper than the walker's bound are left unbound.
    void bind_target(Node target, const Value& value, Scope& scope, int depth = 0);
    void visit_expression(Node expr, Scope& scope, int depth);
    // Lowers `call` when it is one miglint knows; false otherwise.
    bool lower_call(Node call, Scope& scope, int depth);
    bool inline_helper(Node call, const Value& function, Scope& scope);

    const Evaluator& m_eval;
    const Scope& m_module;
    OpSink& m_out;
    std::vector<const void*> m_active;  // helper functions being walked, against recursion
};

}  // namespace miglint::alembic

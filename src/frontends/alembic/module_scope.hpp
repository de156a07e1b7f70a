// The module level of a revision file: imports, constants and functions.
#pragma once

#include "alembic/evaluator.hpp"

#include <map>
#include <string>

namespace miglint::alembic {

struct ModuleLevel {
    Scope scope;
    // The module-level assignments by target name (the last one wins, as in Python).
    std::map<std::string, Node, std::less<>> assignments;
    // The module-level functions by name (the last definition wins).
    std::map<std::string, Node, std::less<>> functions;
    Node docstring;  // the module's docstring `string` node, if any
};

// Reads the module-level statements of `module` in order: `import x as y`,
// `from x import a as b` bind dotted paths; assignments bind their values
// (calls stay unevaluated expressions); `def` binds a function. Names bound
// under `if`/`try` at module level are unknown afterwards unless they are imports.
void read_module(Node module, const Evaluator& eval, ModuleLevel& out);

}  // namespace miglint::alembic

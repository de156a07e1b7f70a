// The arguments of a call, bound to parameter names the way Python binds them.
#pragma once

#include "alembic/syntax_tree.hpp"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {

struct CallArgs {
    std::vector<Node> positional;
    std::map<std::string, Node, std::less<>> keywords;
    bool has_splat = false;   // *args or **kwargs: some arguments are unknown

    // The keyword argument `name`, or a null node.
    [[nodiscard]] Node keyword(std::string_view name) const;
    [[nodiscard]] bool has_keyword(std::string_view name) const { return keywords.find(name) != keywords.end(); }
};

// The arguments of `call` (a `call` node); empty for anything else.
CallArgs call_args(Node call, std::string_view source);

// Arguments bound to parameter names: positional ones in order of `params`,
// then keywords by name. Extra positional arguments (`*columns`) stay in `rest`.
struct BoundArgs {
    std::map<std::string, Node, std::less<>> named;
    std::vector<Node> rest;
    bool has_splat = false;

    [[nodiscard]] Node get(std::string_view name) const;
    [[nodiscard]] bool has(std::string_view name) const { return static_cast<bool>(get(name)); }
};

BoundArgs bind_args(const CallArgs& args, std::initializer_list<std::string_view> params);

}  // namespace miglint::alembic

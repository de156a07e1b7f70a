#include "alembic/call_args.hpp"

namespace miglint::alembic {

Node CallArgs::keyword(std::string_view name) const {
    const auto it = keywords.find(name);
    return it == keywords.end() ? Node{} : it->second;
}

CallArgs call_args(Node call, std::string_view source) {
    CallArgs args;
    const Node list = call.field("arguments");
    if (!list.is("argument_list")) return args;
    for (const Node arg : list.named_children()) {
        if (arg.is("keyword_argument")) {
            const Node name = arg.field("name");
            const Node value = arg.field("value");
            if (name && value) args.keywords.insert_or_assign(std::string(name.text(source)), value);
        } else if (arg.is("list_splat") || arg.is("dictionary_splat")) {
            args.has_splat = true;
        } else if (arg.is("comment")) {
            continue;
        } else {
            args.positional.push_back(arg);
        }
    }
    return args;
}

Node BoundArgs::get(std::string_view name) const {
    const auto it = named.find(name);
    return it == named.end() ? Node{} : it->second;
}

BoundArgs bind_args(const CallArgs& args, std::initializer_list<std::string_view> params) {
    BoundArgs bound;
    bound.has_splat = args.has_splat;
    std::size_t index = 0;
    for (const auto param : params) {
        if (index >= args.positional.size()) break;
        bound.named.insert_or_assign(std::string(param), args.positional[index++]);
    }
    for (; index < args.positional.size(); ++index) bound.rest.push_back(args.positional[index]);
    for (const auto& [name, node] : args.keywords) bound.named.insert_or_assign(name, node);
    return bound;
}

}  // namespace miglint::alembic

#include "alembic/revision_info.hpp"

#include <cctype>

namespace miglint::alembic {
namespace {

std::vector<std::string> strings_in(const Value& value) {
    std::vector<std::string> out;
    if (value.is_string()) out.push_back(value.string.value);
    if (value.is(Value::Kind::sequence)) {
        for (const auto& item : value.items) {
            if (item.is_string()) out.push_back(item.string.value);
        }
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// The value after "Revises:" in the docstring, trimmed.
std::string revises_line(Node docstring, const Evaluator& eval) {
    const auto decoded = decode_string(docstring, eval.source());
    if (!decoded) return {};
    std::string_view text = decoded->value;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const auto line = trim(text.substr(0, newline));
        if (line.substr(0, 8) == "Revises:") return std::string(trim(line.substr(8)));
        if (newline == std::string_view::npos) break;
        text.remove_prefix(newline + 1);
    }
    return {};
}

}  // namespace

RevisionInfo read_revision_info(const ModuleLevel& module, const Evaluator& eval) {
    RevisionInfo info;
    const auto value_of = [&](std::string_view name) -> std::optional<std::pair<Node, Value>> {
        const auto it = module.assignments.find(name);
        if (it == module.assignments.end()) return std::nullopt;
        return std::pair{it->second, eval.evaluate(it->second.field("right"), module.scope)};
    };
    if (auto revision = value_of("revision")) {
        if (revision->second.is_string()) info.revision = revision->second.string.value;
        info.revision_span = revision->first.span();
    }
    if (auto down = value_of("down_revision")) {
        info.has_down_revision = true;
        info.down_revisions = strings_in(down->second);
        info.down_revision_span = down->first.span();
    }
    if (auto labels = value_of("branch_labels")) info.branch_labels = strings_in(labels->second);
    if (auto depends = value_of("depends_on")) info.depends_on = strings_in(depends->second);
    if (module.docstring) info.docstring_revises = revises_line(module.docstring, eval);
    return info;
}

}  // namespace miglint::alembic

#include "alembic/syntax_tree.hpp"

#include <algorithm>
#include <limits>
#include <string>

extern "C" const TSLanguage* tree_sitter_python();

namespace miglint::alembic {

std::string_view Node::type() const {
    if (!valid()) return {};
    const char* name = ts_node_type(m_node);
    return name == nullptr ? std::string_view{} : std::string_view(name);
}

std::string_view Node::text(std::string_view source) const {
    if (!valid()) return {};
    const auto size = source.size();
    const std::size_t from = std::min<std::size_t>(begin(), size);
    const std::size_t to = std::min<std::size_t>(std::max(end(), begin()), size);
    return source.substr(from, to - from);
}

Node Node::field(const char* name) const {
    if (!valid()) return {};
    const auto length = static_cast<std::uint32_t>(std::char_traits<char>::length(name));
    return Node(ts_node_child_by_field_name(m_node, name, length));
}

Node Node::child(std::uint32_t index) const {
    if (index >= child_count()) return {};
    return Node(ts_node_child(m_node, index));
}

Node Node::named_child(std::uint32_t index) const {
    if (index >= named_child_count()) return {};
    return Node(ts_node_named_child(m_node, index));
}

std::vector<Node> Node::named_children() const {
    std::vector<Node> children;
    if (!valid()) return children;
    TSTreeCursor cursor = ts_tree_cursor_new(m_node);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
            const Node child(ts_tree_cursor_current_node(&cursor));
            if (child.is_named()) children.push_back(child);
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    return children;
}

std::vector<Node> Node::field_children(std::string_view name) const {
    // Walked with a cursor: ts_node_field_name_for_child misreports fields
    // after the first repeated one in tree-sitter 0.20.
    std::vector<Node> children;
    if (!valid()) return children;
    TSTreeCursor cursor = ts_tree_cursor_new(m_node);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
            const char* field = ts_tree_cursor_current_field_name(&cursor);
            if (field != nullptr && name == field) children.emplace_back(ts_tree_cursor_current_node(&cursor));
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
    return children;
}

SyntaxTree::SyntaxTree(std::string_view text) : m_parser(ts_parser_new()) {
    if (!m_parser || text.size() > std::numeric_limits<std::uint32_t>::max()) return;
    if (!ts_parser_set_language(m_parser.get(), tree_sitter_python())) return;
    m_tree.reset(ts_parser_parse_string(m_parser.get(), nullptr, text.data(), static_cast<std::uint32_t>(text.size())));
}

Node SyntaxTree::root() const {
    if (!m_tree) return {};
    return Node(ts_tree_root_node(m_tree.get()));
}

Node first_syntax_error(Node root) {
    if (!root.has_error()) return {};
    TSTreeCursor cursor = ts_tree_cursor_new(root.raw());
    Node found;
    for (;;) {
        const Node current(ts_tree_cursor_current_node(&cursor));
        if (current.is_missing() || current.is("ERROR")) {
            found = current;
            break;
        }
        // Only subtrees that hold an error are worth entering.
        if (current.has_error() && ts_tree_cursor_goto_first_child(&cursor)) continue;
        bool moved = false;
        while (!moved) {
            if (ts_tree_cursor_goto_next_sibling(&cursor)) {
                moved = true;
            } else if (!ts_tree_cursor_goto_parent(&cursor)) {
                break;
            }
        }
        if (!moved) break;
    }
    ts_tree_cursor_delete(&cursor);
    return found;
}

}  // namespace miglint::alembic

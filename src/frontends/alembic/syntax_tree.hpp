// RAII ownership of a tree-sitter-python parse and a null-safe node handle.
#pragma once

#include <miglint/source.hpp>

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace miglint::alembic {

// A node of the Python syntax tree. Every accessor is safe on a null node: it
// answers "nothing" (empty type, empty span, null children), so callers never
// check before each step of a chain such as `call.field("function").field("object")`.
class Node {
public:
    Node() = default;
    explicit Node(TSNode node) : m_node(node) {}

    [[nodiscard]] bool valid() const { return m_node.id != nullptr && !ts_node_is_null(m_node); }
    explicit operator bool() const { return valid(); }

    // The grammar symbol ("call", "identifier", "ERROR"); empty for a null node.
    [[nodiscard]] std::string_view type() const;
    [[nodiscard]] bool is(std::string_view type_name) const { return valid() && type() == type_name; }
    [[nodiscard]] bool is_named() const { return valid() && ts_node_is_named(m_node); }
    [[nodiscard]] bool is_missing() const { return valid() && ts_node_is_missing(m_node); }
    [[nodiscard]] bool has_error() const { return valid() && ts_node_has_error(m_node); }

    [[nodiscard]] std::uint32_t begin() const { return valid() ? ts_node_start_byte(m_node) : 0; }
    [[nodiscard]] std::uint32_t end() const { return valid() ? ts_node_end_byte(m_node) : 0; }
    [[nodiscard]] Span span() const { return {begin(), end()}; }
    // The node's bytes in `source`, clamped to it; empty for a null node.
    [[nodiscard]] std::string_view text(std::string_view source) const;

    // The child under grammar field `name` ("function", "arguments", "left").
    [[nodiscard]] Node field(const char* name) const;
    [[nodiscard]] std::uint32_t child_count() const { return valid() ? ts_node_child_count(m_node) : 0; }
    [[nodiscard]] Node child(std::uint32_t index) const;
    [[nodiscard]] std::uint32_t named_child_count() const { return valid() ? ts_node_named_child_count(m_node) : 0; }
    [[nodiscard]] Node named_child(std::uint32_t index) const;
    [[nodiscard]] std::vector<Node> named_children() const;
    [[nodiscard]] Node parent() const { return valid() ? Node(ts_node_parent(m_node)) : Node{}; }
    // Every child under grammar field `name` (`import a, b` has two `name`s).
    [[nodiscard]] std::vector<Node> field_children(std::string_view name) const;

    [[nodiscard]] TSNode raw() const { return m_node; }

private:
    TSNode m_node{};
};

// One parse of a Python file. tree-sitter recovers from any syntax error, so
// the only failure is a text too large to parse (over 4 GiB), where `root()`
// is a null node.
class SyntaxTree {
public:
    explicit SyntaxTree(std::string_view text);

    [[nodiscard]] Node root() const;

private:
    struct ParserDeleter {
        void operator()(TSParser* parser) const { ts_parser_delete(parser); }
    };
    struct TreeDeleter {
        void operator()(TSTree* tree) const { ts_tree_delete(tree); }
    };
    std::unique_ptr<TSParser, ParserDeleter> m_parser;
    std::unique_ptr<TSTree, TreeDeleter> m_tree;
};

// The first ERROR or MISSING node in document order, or a null node when the
// tree is clean. Iterative: a deeply nested file cannot exhaust the stack.
Node first_syntax_error(Node root);

}  // namespace miglint::alembic

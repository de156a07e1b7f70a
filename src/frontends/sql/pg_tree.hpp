// Small readers over libpg_query's protobuf tree, shared by the lowering files.
// Only the SQL front end includes this: rules never see parser nodes.
#pragma once

#include <miglint/operation.hpp>

#include "sql/tree_arena.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::sql {

using Node = PgQuery__Node;

// The statement being lowered: its text and where node locations point.
struct StatementText {
    std::string_view file_text;   // the text node locations index into, shifted by `base`
    std::uint32_t base = 0;       // added to every node location
    Span span;                    // the statement in the lowered text
};

// Owns a parse result from pg_query_parse_protobuf, unpacked into this
// thread's TreeArena. Trees must end in the reverse order they began (they
// are scoped), since the arena is a stack.
class ParseTree {
public:
    explicit ParseTree(const char* sql);
    ~ParseTree();
    ParseTree(const ParseTree&) = delete;
    ParseTree& operator=(const ParseTree&) = delete;

    [[nodiscard]] bool ok() const { return m_tree != nullptr; }
    [[nodiscard]] const PgQueryError* error() const { return m_result.error; }
    [[nodiscard]] const PgQuery__ParseResult* tree() const { return m_tree; }

private:
    PgQueryProtobufParseResult m_result{};
    TreeArena& m_arena;
    TreeArena::Mark m_mark;
    PgQuery__ParseResult* m_tree = nullptr;
};

// protobuf-c booleans are ints; brace-initialising a bool from one narrows.
inline bool flag(protobuf_c_boolean value) { return value != 0; }

// The text of a String node, or "".
std::string string_of(const Node* node);
// A list of String nodes joined with "." is a qualified name: the last part is
// the name, the one before it the schema.
QualifiedName qualified_name(Node* const* items, std::size_t count);
QualifiedName qualified_name(const PgQuery__RangeVar* range);
QualifiedName qualified_name_of_list(const Node* list_node);
// The strings of a List node (or of bare String items).
std::vector<std::string> strings_of(Node* const* items, std::size_t count);

TypeRef type_ref(const PgQuery__TypeName* type, const StatementText& text);

// Where an expression's text ends: a DEFAULT runs into the column's next
// constraint keyword (NOT NULL, CHECK, ...); a CHECK (...) is bounded by its parentheses.
enum class ExpressionEnd { at_constraint_keyword, at_closing_parenthesis };

// Facts about an expression: volatility, NULL constant, functions called, text.
Expression expression(const Node* node, const StatementText& text,
                      ExpressionEnd end = ExpressionEnd::at_constraint_keyword);

// The string constants in the expression `node` (operands, function arguments,
// IN lists, VALUES rows, SET targets), unquoted, in order; not inside subqueries.
std::vector<std::string> string_constants(const Node* node);

// The byte offset of a node location in the lowered text (`location` is -1 when unknown).
std::uint32_t offset_of(std::int32_t location, const StatementText& text);

// The text of an expression starting at byte `begin` of `text`, ending at the
// first top-level comma, semicolon, unbalanced parenthesis or (with
// `at_constraint_keyword`) constraint keyword.
std::string_view expression_text_at(std::string_view text, std::uint32_t begin, Span limit,
                                    ExpressionEnd end = ExpressionEnd::at_constraint_keyword);

}  // namespace miglint::sql

#include "sql/pg_tree.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace miglint::sql {

ParseTree::ParseTree(const char* sql)
    : m_result(pg_query_parse_protobuf(sql)), m_arena(TreeArena::for_this_thread()), m_mark(m_arena.mark()) {
    if (m_result.error != nullptr) return;
    m_tree = pg_query__parse_result__unpack(m_arena.allocator(), m_result.parse_tree.len,
                                            reinterpret_cast<const std::uint8_t*>(m_result.parse_tree.data));
}

ParseTree::~ParseTree() {
    m_arena.rewind(m_mark);  // the whole tree at once: no free_unpacked walk
    pg_query_free_protobuf_parse_result(m_result);
}

std::string string_of(const Node* node) {
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_STRING || node->string == nullptr) return {};
    return node->string->sval != nullptr ? node->string->sval : "";
}

std::vector<std::string> strings_of(Node* const* items, std::size_t count) {
    std::vector<std::string> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) out.push_back(string_of(items[i]));
    return out;
}

QualifiedName qualified_name(Node* const* items, std::size_t count) {
    // The last two parts, read in place: every column's type is a list like pg_catalog.int4.
    if (count == 0) return {};
    QualifiedName name;
    name.name = string_of(items[count - 1]);
    if (count >= 2) name.schema = string_of(items[count - 2]);
    return name;
}

QualifiedName qualified_name(const PgQuery__RangeVar* range) {
    if (range == nullptr) return {};
    return {range->schemaname != nullptr ? range->schemaname : "", range->relname != nullptr ? range->relname : ""};
}

QualifiedName qualified_name_of_list(const Node* list_node) {
    if (list_node == nullptr) return {};
    if (list_node->node_case == PG_QUERY__NODE__NODE_LIST && list_node->list != nullptr) {
        return qualified_name(list_node->list->items, list_node->list->n_items);
    }
    if (list_node->node_case == PG_QUERY__NODE__NODE_STRING) return {"", string_of(list_node)};
    if (list_node->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && list_node->type_name != nullptr) {
        return qualified_name(list_node->type_name->names, list_node->type_name->n_names);
    }
    return {};
}

std::uint32_t offset_of(std::int32_t location, const StatementText& text) {
    if (location < 0) return text.span.begin;
    return text.base + static_cast<std::uint32_t>(location);
}

namespace {

std::string canonical_type_name(std::string name) {
    // The grammar already maps INT, INTEGER, BOOLEAN, TIMESTAMP WITH TIME ZONE
    // and friends to pg_catalog names; these aliases reach us unmapped.
    static const std::array<std::pair<std::string_view, std::string_view>, 8> aliases{{
        {"serial4", "serial"}, {"serial8", "bigserial"}, {"serial2", "smallserial"},
        {"int", "int4"}, {"integer", "int4"}, {"bigint", "int8"}, {"smallint", "int2"}, {"character varying", "varchar"},
    }};
    for (const auto& [alias, canonical] : aliases) {
        if (name == alias) return std::string(canonical);
    }
    return name;
}

std::int32_t integer_value(const Node* node) {
    if (node == nullptr) return -1;
    if (node->node_case == PG_QUERY__NODE__NODE_A_CONST && node->a_const != nullptr &&
        node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && node->a_const->ival != nullptr) {
        return node->a_const->ival->ival;
    }
    if (node->node_case == PG_QUERY__NODE__NODE_INTEGER && node->integer != nullptr) return node->integer->ival;
    return -1;
}

}  // namespace

TypeRef type_ref(const PgQuery__TypeName* type, const StatementText& /*text*/) {
    TypeRef ref;
    if (type == nullptr) return ref;
    auto name = qualified_name(type->names, type->n_names);
    if (name.schema != "pg_catalog") ref.schema = std::move(name.schema);
    ref.name = canonical_type_name(std::move(name.name));
    ref.modifiers.reserve(type->n_typmods);
    for (std::size_t i = 0; i < type->n_typmods; ++i) ref.modifiers.push_back(integer_value(type->typmods[i]));
    ref.array_dimensions = static_cast<int>(type->n_array_bounds);
    ref.written = ref.schema.empty() ? ref.name : ref.schema + "." + ref.name;
    if (!ref.modifiers.empty()) {
        ref.written += "(";
        for (std::size_t i = 0; i < ref.modifiers.size(); ++i) {
            if (i > 0) ref.written += ",";
            ref.written += std::to_string(ref.modifiers[i]);
        }
        ref.written += ")";
    }
    for (int i = 0; i < ref.array_dimensions; ++i) ref.written += "[]";
    return ref;
}

namespace {

// Functions whose value changes per row: a DEFAULT calling one cannot be stored
// once in the catalog, so ADD COLUMN rewrites the table (PostgreSQL 11+ notes).
bool is_volatile_function(std::string_view name) {
    static constexpr std::array<std::string_view, 17> names{
        "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "gen_random_bytes",
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "nextval", "currval",
        "lastval", "setval", "txid_current", "pg_current_xact_id",
    };
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Functions returning the time: the transaction's start (now()), the
// statement's, or the clock's, so a value differs from one transaction to the next.
bool is_clock_function(std::string_view name) {
    static constexpr std::array<std::string_view, 5> names{"now", "transaction_timestamp", "statement_timestamp",
                                                           "clock_timestamp", "timeofday"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

// CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME and LOCALTIMESTAMP (and their (n) forms).
bool is_clock_value(PgQuery__SQLValueFunctionOp op) {
    return op >= PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE && op <= PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N;
}

void raise(Volatility& v, Volatility to) {
    if (static_cast<int>(to) > static_cast<int>(v)) v = to;
}

void walk_expression(const Node* node, Expression& out, int depth) {
    if (node == nullptr || depth > 200) return;  // bounded: defaults are small, hostile input is not
    switch (node->node_case) {
        case PG_QUERY__NODE__NODE_FUNC_CALL: {
            const auto* call = node->func_call;
            if (call == nullptr) return;
            const auto name = qualified_name(call->funcname, call->n_funcname).name;
            out.functions.push_back(name);
            raise(out.volatility, is_volatile_function(name) ? Volatility::volatile_ : Volatility::stable);
            out.reads_clock = out.reads_clock || is_clock_function(name);
            for (std::size_t i = 0; i < call->n_args; ++i) walk_expression(call->args[i], out, depth + 1);
            return;
        }
        case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
            raise(out.volatility, Volatility::stable);
            out.reads_clock = out.reads_clock || (node->sqlvalue_function != nullptr && is_clock_value(node->sqlvalue_function->op));
            return;
        case PG_QUERY__NODE__NODE_TYPE_CAST:
            if (node->type_cast != nullptr) walk_expression(node->type_cast->arg, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_A_EXPR:
            if (node->a_expr == nullptr) return;
            walk_expression(node->a_expr->lexpr, out, depth + 1);
            walk_expression(node->a_expr->rexpr, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_BOOL_EXPR:
            if (node->bool_expr == nullptr) return;
            for (std::size_t i = 0; i < node->bool_expr->n_args; ++i) walk_expression(node->bool_expr->args[i], out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_COALESCE_EXPR:
            if (node->coalesce_expr == nullptr) return;
            for (std::size_t i = 0; i < node->coalesce_expr->n_args; ++i) walk_expression(node->coalesce_expr->args[i], out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_CASE_EXPR:
            if (node->case_expr == nullptr) return;
            walk_expression(node->case_expr->arg, out, depth + 1);
            for (std::size_t i = 0; i < node->case_expr->n_args; ++i) walk_expression(node->case_expr->args[i], out, depth + 1);
            walk_expression(node->case_expr->defresult, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_CASE_WHEN:
            if (node->case_when == nullptr) return;
            walk_expression(node->case_when->expr, out, depth + 1);
            walk_expression(node->case_when->result, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_ROW_EXPR:
            if (node->row_expr == nullptr) return;
            for (std::size_t i = 0; i < node->row_expr->n_args; ++i) walk_expression(node->row_expr->args[i], out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
            if (node->a_array_expr == nullptr) return;
            for (std::size_t i = 0; i < node->a_array_expr->n_elements; ++i) walk_expression(node->a_array_expr->elements[i], out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_NULL_TEST:
            if (node->null_test != nullptr) walk_expression(node->null_test->arg, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_A_CONST:
            if (node->a_const != nullptr && node->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
                node->a_const->sval != nullptr && node->a_const->sval->sval != nullptr) {
                out.strings.emplace_back(node->a_const->sval->sval);
            }
            return;
        case PG_QUERY__NODE__NODE_LIST:  // IN ('a', 'b'), VALUES rows
            if (node->list == nullptr) return;
            for (std::size_t i = 0; i < node->list->n_items; ++i) walk_expression(node->list->items[i], out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_RES_TARGET:  // UPDATE SET c = value, SELECT value
            if (node->res_target != nullptr) walk_expression(node->res_target->val, out, depth + 1);
            return;
        case PG_QUERY__NODE__NODE_SUB_LINK:
            raise(out.volatility, Volatility::volatile_);
            out.has_subquery = true;
            return;
        case PG_QUERY__NODE__NODE_COLUMN_REF:
            raise(out.volatility, Volatility::stable);
            if (node->column_ref != nullptr && node->column_ref->n_fields > 0) {
                const auto& ref = *node->column_ref;
                const auto* last = ref.fields[ref.n_fields - 1];
                // t.* reads no one column.
                if (last != nullptr && last->node_case == PG_QUERY__NODE__NODE_STRING) {
                    out.columns.push_back(qualified_name(ref.fields, ref.n_fields).display());
                }
            }
            return;
        default: return;
    }
}

bool is_keyword_at(std::string_view text, std::size_t i, std::string_view word) {
    if (i + word.size() > text.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (std::toupper(static_cast<unsigned char>(text[i + k])) != word[k]) return false;
    }
    const auto after = i + word.size();
    return after == text.size() || !(std::isalnum(static_cast<unsigned char>(text[after])) || text[after] == '_');
}


// Where an expression starts: operators and casts record the operator's
// position, so descend into their left operand.
std::int32_t leftmost_location(const Node* node, int depth) {
    if (node == nullptr || depth > 200) return -1;
    switch (node->node_case) {
        case PG_QUERY__NODE__NODE_FUNC_CALL: return node->func_call->location;
        case PG_QUERY__NODE__NODE_A_CONST: return node->a_const->location;
        case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: return node->sqlvalue_function->location;
        case PG_QUERY__NODE__NODE_COLUMN_REF: return node->column_ref->location;
        case PG_QUERY__NODE__NODE_TYPE_CAST: {
            const auto inner = leftmost_location(node->type_cast->arg, depth + 1);
            return inner >= 0 ? inner : node->type_cast->location;
        }
        case PG_QUERY__NODE__NODE_A_EXPR: {
            const auto inner = leftmost_location(node->a_expr->lexpr, depth + 1);
            return inner >= 0 ? inner : node->a_expr->location;
        }
        case PG_QUERY__NODE__NODE_BOOL_EXPR: {
            // NOT is written before its operand; AND and OR after the first.
            const auto* bool_expr = node->bool_expr;
            if (bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR || bool_expr->n_args == 0) return bool_expr->location;
            const auto inner = leftmost_location(bool_expr->args[0], depth + 1);
            return inner >= 0 ? inner : bool_expr->location;
        }
        case PG_QUERY__NODE__NODE_BOOLEAN_TEST: return leftmost_location(node->boolean_test->arg, depth + 1);
        case PG_QUERY__NODE__NODE_SUB_LINK: {
            const auto inner = leftmost_location(node->sub_link->testexpr, depth + 1);
            return inner >= 0 ? inner : node->sub_link->location;
        }
        case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: return leftmost_location(node->collate_clause->arg, depth + 1);
        case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: return node->min_max_expr->location;
        case PG_QUERY__NODE__NODE_PARAM_REF: return node->param_ref->location;
        case PG_QUERY__NODE__NODE_CASE_EXPR: return node->case_expr->location;
        case PG_QUERY__NODE__NODE_COALESCE_EXPR: return node->coalesce_expr->location;
        case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: return node->a_array_expr->location;
        case PG_QUERY__NODE__NODE_ROW_EXPR: return node->row_expr->location;
        case PG_QUERY__NODE__NODE_NULL_TEST: return leftmost_location(node->null_test->arg, depth + 1);
        default: return -1;
    }
}

// Where an operator or test is written (the `>` of `a > b`, the OR of
// `a OR b`, the IS of `a IS NULL`, the `::` of a cast), or -1 for a node
// that is not one.
std::int32_t own_location(const Node* node) {
    if (node == nullptr) return -1;
    switch (node->node_case) {
        case PG_QUERY__NODE__NODE_A_EXPR: return node->a_expr->location;
        case PG_QUERY__NODE__NODE_BOOL_EXPR: return node->bool_expr->location;
        case PG_QUERY__NODE__NODE_NULL_TEST: return node->null_test->location;
        case PG_QUERY__NODE__NODE_BOOLEAN_TEST: return node->boolean_test->location;
        case PG_QUERY__NODE__NODE_TYPE_CAST: return node->type_cast->location;
        case PG_QUERY__NODE__NODE_SUB_LINK: return node->sub_link->location;
        default: return -1;
    }
}

// The `)` matching the `(` at `open`, before `limit`; npos when there is none.
std::size_t closing_paren(std::string_view text, std::size_t open, std::size_t limit) {
    int depth = 0;
    for (std::size_t i = open; i < std::min(limit, text.size()); ++i) {
        const char c = text[i];
        if (c == '\'' || c == '"') {
            ++i;
            while (i < limit && text[i] != c) ++i;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::string_view expression_text_at(std::string_view text, std::uint32_t begin, Span limit, ExpressionEnd end) {
    static constexpr std::array<std::string_view, 12> stop_words{
        "NOT", "NULL", "CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "REFERENCES", "COLLATE",
        "GENERATED", "DEFAULT", "DEFERRABLE", "INITIALLY"};
    const std::size_t end_limit = std::min<std::size_t>(limit.end, text.size());
    int depth = 0;
    std::size_t i = begin;
    std::size_t last_token_end = begin;
    bool first_token = true;
    while (i < end_limit) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (depth == 0 && (c == ',' || c == ';' || c == ')')) break;
        if (end == ExpressionEnd::at_constraint_keyword && depth == 0 && !first_token && std::isalpha(static_cast<unsigned char>(c)) &&
            (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
            const bool stops = std::any_of(stop_words.begin(), stop_words.end(),
                                           [&](std::string_view w) { return is_keyword_at(text, i, w); });
            if (stops) break;
        }
        first_token = false;
        if (c == '(') {
            ++depth;
            ++i;
        } else if (c == ')') {
            --depth;
            ++i;
        } else if (c == '\'' || c == '"') {
            ++i;
            while (i < end_limit && text[i] != c) ++i;
            ++i;
        } else {
            ++i;
            while (i < end_limit && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.')) ++i;
        }
        last_token_end = std::min(i, end_limit);
    }
    return text.substr(begin, last_token_end - begin);
}

std::vector<std::string> string_constants(const Node* node) {
    Expression facts;
    walk_expression(node, facts, 0);
    return std::move(facts.strings);
}

Expression expression(const Node* node, const StatementText& text, ExpressionEnd end) {
    Expression out;
    if (node == nullptr) return out;
    if (node->node_case == PG_QUERY__NODE__NODE_A_CONST && node->a_const != nullptr) {
        out.is_null_constant = node->a_const->isnull;
    }
    if (node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && node->type_cast != nullptr && node->type_cast->arg != nullptr &&
        node->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST && node->type_cast->arg->a_const != nullptr) {
        out.is_null_constant = node->type_cast->arg->a_const->isnull;
    }
    walk_expression(node, out, 0);
    const std::int32_t location = leftmost_location(node, 0);
    if (location >= 0) {
        auto begin = offset_of(location, text);
        auto written = expression_text_at(text.file_text, begin, text.span, end);
        // The leftmost operand may sit in parentheses the rest of the
        // expression follows (`(a + 1) > b`, `(a) OR (b)`): take in each `(`
        // before it whose `)` comes before the operator the expression's root
        // is written at, but not parentheses that enclose the whole (CHECK's own).
        const auto root = own_location(node);
        const std::uint32_t root_at = root >= 0 ? offset_of(root, text) : 0;
        while (root >= 0) {
            auto before = begin;
            while (before > text.span.begin && std::isspace(static_cast<unsigned char>(text.file_text[before - 1])) != 0) --before;
            if (before <= text.span.begin || text.file_text[before - 1] != '(') break;
            const auto close = closing_paren(text.file_text, before - 1, text.span.end);
            if (close == std::string_view::npos || close >= root_at) break;
            begin = before - 1;
            written = expression_text_at(text.file_text, begin, text.span, end);
        }
        out.text = std::string(written);
        out.span = {begin, begin + static_cast<std::uint32_t>(written.size())};
    }
    return out;
}

}  // namespace miglint::sql

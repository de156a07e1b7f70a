#include "alembic/core_statements.hpp"

#include "alembic/call_args.hpp"
#include "alembic/sqlalchemy_table.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {
namespace {

constexpr int k_max_chain = 32;

// Methods that refine a statement without changing what it does to the table.
bool is_refinement(std::string_view method) {
    for (const auto name : {"where",
                            "filter",
                            "filter_by",
                            "values",
                            "returning",
                            "params",
                            "execution_options",
                            "order_by",
                            "limit",
                            "offset",
                            "join",
                            "outerjoin",
                            "select_from",
                            "group_by",
                            "having",
                            "distinct",
                            "with_only_columns",
                            "ordered_values",
                            "inline",
                            "from_select",
                            "correlate",
                            "scalar_subquery",
                            "subquery",
                            "cte",
                            "union",
                            "union_all"}) {
        if (method == name) return true;
    }
    return false;
}

struct Chain {
    DataChange change;
    bool select = false;
    bool found = false;
};

// Reads a chain of calls from its outermost call inwards.
void read_chain(Node node, const Evaluator& eval, const Scope& scope, Chain& out, int depth) {
    if (!node.is("call") || depth > k_max_chain) return;
    const Node function = node.field("function");
    const CallArgs args = call_args(node, eval.source());
    const Node first = args.positional.empty() ? Node{} : args.positional.front();
    if (const auto path = eval.path_of(function, scope)) {
        const auto member = member_of(*path, "sqlalchemy");
        std::optional<QualifiedName> table;
        if (member == "select") {
            out.select = out.found = true;
            return;
        }
        if (member == "update")
            out.change.kind = DataChange::Kind::update;
        else if (member == "delete")
            out.change.kind = DataChange::Kind::delete_;
        else if (member == "insert")
            out.change.kind = DataChange::Kind::insert;
        else
            return;
        if (auto t = sqlalchemy_table(first ? first : args.keyword("table"), eval, scope)) {
            out.change.table = std::move(*t);
            out.found = true;
        }
        return;
    }
    if (!function.is("attribute")) return;
    const auto method = eval.text(function.field("attribute"));
    const Node object = function.field("object");
    if (method == "update" || method == "delete" || method == "insert" || method == "select") {
        if (auto t = sqlalchemy_table(object, eval, scope)) {
            out.change.table = std::move(*t);
            out.change.kind = method == "update"   ? DataChange::Kind::update
                              : method == "delete" ? DataChange::Kind::delete_
                                                   : DataChange::Kind::insert;
            out.select = method == "select";
            out.found = true;
            return;
        }
    }
    if (!is_refinement(method)) return;
    if (method == "where" || method == "filter" || method == "filter_by") out.change.has_where = true;
    if (method == "values" || method == "ordered_values") {
        for (const auto& [name, value] : args.keywords) out.change.columns_set.push_back(name);
    }
    read_chain(object, eval, scope, out, depth + 1);
}

}  // namespace

std::optional<OperationData> core_statement(Node statement, const Evaluator& eval, const Scope& scope) {
    Node node = statement;
    while (node.is("parenthesized_expression")) node = node.named_child(0);
    // A statement bound to a name earlier in the body or the module.
    node = bound_expression(node, eval, scope);
    Chain chain;
    read_chain(node, eval, scope, chain, 0);
    if (!chain.found) return std::nullopt;
    if (chain.select) return Other{"SELECT"};
    return chain.change;
}

}  // namespace miglint::alembic

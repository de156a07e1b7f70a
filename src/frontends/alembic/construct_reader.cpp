#include "alembic/construct_reader.hpp"

#include "alembic/sqlalchemy_table.hpp"

#include <miglint/sql_names.hpp>

#include <algorithm>

namespace miglint::alembic {
namespace {

// Options of other dialects, which SQLAlchemy's PostgreSQL dialect leaves out of its SQL.
constexpr std::string_view k_other_dialects[] = {"mysql_", "mariadb_", "sqlite_", "mssql_", "oracle_"};

bool is_other_dialect_option(std::string_view keyword) {
    return std::any_of(std::begin(k_other_dialects), std::end(k_other_dialects),
                       [&](std::string_view prefix) { return keyword.starts_with(prefix); });
}

std::string double_quoted(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

void ConstructReader::fail(std::string reason) {
    if (m_why.empty()) m_why = std::move(reason);
}

BoundArgs ConstructReader::bind(Node call, std::string_view construct, std::initializer_list<std::string_view> params,
                                std::initializer_list<std::string_view> keyword_only, ExtraPositional extra) {
    const CallArgs args = call_args(call, m_eval.source());
    if (args.has_splat) fail("*args or **kwargs passed to `" + std::string(construct) + "`");
    for (const auto& [keyword, node] : args.keywords) {
        const bool known = std::find(params.begin(), params.end(), keyword) != params.end() ||
                           std::find(keyword_only.begin(), keyword_only.end(), keyword) != keyword_only.end();
        if (!known && !is_other_dialect_option(keyword)) {
            fail("`" + std::string(construct) + "(" + keyword + "=...)`, an argument miglint does not render");
        }
    }
    BoundArgs bound = bind_args(args, params);
    if (extra == ExtraPositional::refused && !bound.rest.empty()) {
        fail("more positional arguments than `" + std::string(construct) + "` takes");
    }
    return bound;
}

bool ConstructReader::given(Node node) const {
    return node && !m_eval.evaluate(node, m_scope).is(Value::Kind::none);
}

bool ConstructReader::flag(Node node, std::string_view param) {
    if (!given(node)) return false;
    const auto value = m_eval.bool_of(node, m_scope);
    if (!value) fail("`" + std::string(param) + "=` is not a constant");
    return value.value_or(false);
}

std::string ConstructReader::text(Node node, std::string_view param) {
    if (!given(node)) return {};
    auto value = m_eval.string_of(node, m_scope);
    if (!value) fail("`" + std::string(param) + "` is not a constant string");
    return value.value_or("");
}

std::optional<long long> ConstructReader::integer(Node node, std::string_view param) {
    if (!given(node)) return std::nullopt;
    const auto value = m_eval.int_of(node, m_scope);
    if (!value) fail("`" + std::string(param) + "=` is not a constant integer");
    return value;
}

std::vector<std::pair<std::string, Node>> ConstructReader::dict(Node node, std::string_view param) {
    std::vector<std::pair<std::string, Node>> items;
    if (!given(node)) return items;
    if (!node.is("dictionary")) {
        fail("`" + std::string(param) + "=` is not a literal dict");
        return items;
    }
    for (const Node pair : node.named_children()) {
        if (pair.is("comment")) continue;
        const auto key = pair.is("pair") ? m_eval.string_of(pair.field("key"), m_scope) : std::nullopt;
        if (!key) {
            fail("`" + std::string(param) + "=` has a key that is not a constant string");
            return {};
        }
        items.emplace_back(*key, pair.field("value"));
    }
    return items;
}

std::string ConstructReader::identifier(const std::string& name, Node quote) {
    if (!given(quote)) return quote_ident(name);
    return flag(quote, "quote") ? double_quoted(name) : name;
}

std::string ConstructReader::sqlalchemy_member(Node call) const {
    if (!call.is("call")) return {};
    const auto path = m_eval.path_of(call.field("function"), m_scope);
    return path ? std::string(member_of(*path, "sqlalchemy")) : std::string();
}

Node ConstructReader::call_of(Node expr, std::string_view member) {
    const Node call = bound_expression(expr, m_eval, m_scope);
    if (sqlalchemy_member(call) == member) return call;
    fail("an argument that is not an `sa." + std::string(member) + "(...)` miglint can read");
    return Node{};
}

std::string ConstructReader::name(const BoundArgs& args, std::string_view construct) {
    // Without one, SQLAlchemy names an index from the naming convention, which the file may not show.
    if (!given(args.get("name"))) fail("a " + std::string(construct) + " without a name");
    return identifier(text(args.get("name"), "name"), args.get("quote"));
}

}  // namespace miglint::alembic

// Reads the arguments of a SQLAlchemy construct call (Sequence, Index,
// CreateSchema, ...) for rendering its SQL, remembering the first argument
// that cannot be read instead of guessing it.
#pragma once

#include "alembic/call_args.hpp"
#include "alembic/evaluator.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace miglint::alembic {

// Whether positional arguments past the named parameters are allowed (an
// Index's column expressions) or make the call unreadable.
enum class ExtraPositional { refused, allowed };

class ConstructReader {
public:
    ConstructReader(const Evaluator& eval, const Scope& scope) : m_eval(eval), m_scope(scope) {}

    [[nodiscard]] const Evaluator& eval() const { return m_eval; }
    [[nodiscard]] const Scope& scope() const { return m_scope; }
    // What could not be read first; empty while everything could.
    [[nodiscard]] const std::string& why() const { return m_why; }
    [[nodiscard]] bool failed() const { return !m_why.empty(); }
    void fail(std::string reason);

    // The arguments of `call` (the construct `construct`) bound to `params` in
    // order, and to `keyword_only` by name. Any other keyword fails, unless it
    // is another dialect's option (`mysql_length=`), which PostgreSQL's SQL
    // never shows; so do *args and **kwargs.
    BoundArgs bind(Node call, std::string_view construct, std::initializer_list<std::string_view> params,
                   std::initializer_list<std::string_view> keyword_only = {},
                   ExtraPositional extra = ExtraPositional::refused);

    // `node` is an argument given with a value other than None.
    [[nodiscard]] bool given(Node node) const;
    // A flag: false when not given; fails unless it is a constant.
    bool flag(Node node, std::string_view param);
    // A string; empty when not given; fails unless it is a constant string.
    std::string text(Node node, std::string_view param);
    // An integer; nullopt when not given; fails unless it is a constant integer.
    std::optional<long long> integer(Node node, std::string_view param);
    // A literal dict of constant string keys: its keys with their value nodes.
    std::vector<std::pair<std::string, Node>> dict(Node node, std::string_view param);
    // `name` as SQLAlchemy writes it with the construct's `quote=` argument:
    // True always double-quoted, False as given, else as PostgreSQL needs it.
    std::string identifier(const std::string& name, Node quote);
    // The member of `sqlalchemy` the function of `call` is ("Sequence" for
    // `sa.schema.Sequence(...)`), or empty.
    [[nodiscard]] std::string sqlalchemy_member(Node call) const;
    // The `sa.<member>(...)` call `expr` is, or the name `expr` was bound to;
    // a null node, failing, for anything else.
    Node call_of(Node expr, std::string_view member);
    // The construct's `name` argument as SQL writes it with its `quote=`; fails when it is not given.
    std::string name(const BoundArgs& args, std::string_view construct);

private:
    const Evaluator& m_eval;
    const Scope& m_scope;
    std::string m_why;
};

}  // namespace miglint::alembic

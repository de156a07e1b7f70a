// Static evaluation of the Python expressions migrations use: literals,
// string concatenation, names bound in the file, imports, `sa.text(...)`,
// `op.f(...)`, `textwrap.dedent(...)`. Nothing is executed and nothing is
// guessed: what cannot be known evaluates to `Value::Kind::unknown`.
#pragma once

#include "alembic/value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace miglint::alembic {

class Evaluator {
public:
    // What one file's evaluation may allocate for the values it builds,
    // besides k_value_bytes_per_source_byte for each byte of the file: a file
    // that doubles a string 40 times, or lists a list in itself, would
    // otherwise take all memory. A value that does not fit in what is left is
    // unknown (`unresolved-sql` where it reaches SQL); literals, as large as
    // the file at most, are not charged. A real migration is far below.
    static constexpr std::uint64_t k_value_bytes_base = 64ULL * 1024 * 1024;
    static constexpr std::uint64_t k_value_bytes_per_source_byte = 16;
    // The reason an over-budget value is unknown, as unresolved-sql shows it.
    static constexpr std::string_view k_too_large = "a value too large to evaluate";

    explicit Evaluator(std::string_view source)
        : m_source(source), m_budget(k_value_bytes_base + k_value_bytes_per_source_byte * source.size()) {}

    [[nodiscard]] std::string_view source() const { return m_source; }
    [[nodiscard]] std::string_view text(Node node) const { return node.text(m_source); }

    [[nodiscard]] Value evaluate(Node expr, const Scope& scope) const { return evaluate_at(expr, scope, 0); }

    // The dotted import path `expr` names ("sa.Column" after `import
    // sqlalchemy as sa` → "sqlalchemy.Column"), or nullopt. Unbound `op`, `sa`
    // and `postgresql` are taken as the usual imports, so a file whose import
    // line failed to parse still lowers.
    [[nodiscard]] std::optional<std::string> path_of(Node expr, const Scope& scope) const;

    [[nodiscard]] std::optional<std::string> string_of(Node expr, const Scope& scope) const;
    // `expr` is a name given through op.f() / batch_op.f(): its naming convention's.
    [[nodiscard]] bool is_conventional_name(Node expr, const Scope& scope) const {
        return expr && evaluate(expr, scope).from_convention;
    }
    [[nodiscard]] std::optional<bool> bool_of(Node expr, const Scope& scope) const;
    [[nodiscard]] std::optional<long long> int_of(Node expr, const Scope& scope) const;
    // A list or tuple of strings, or one string; nullopt when any is unknown.
    [[nodiscard]] std::optional<std::vector<std::string>> strings_of(Node expr, const Scope& scope) const;
    [[nodiscard]] static bool is_none(Node expr) { return expr.is("none"); }

private:
    [[nodiscard]] Value evaluate_at(Node expr, const Scope& scope, int depth) const;
    [[nodiscard]] Value evaluate_call(Node call, const Scope& scope, int depth) const;
    [[nodiscard]] Value evaluate_string(Node string, const Scope& scope, int depth) const;
    // `call` builds an ORM Session (`Session(...)`, `sessionmaker(...)` called,
    // directly or through a name bound to it) bound to the migration's connection.
    [[nodiscard]] bool opens_session(Node call, const Scope& scope, int depth) const;

    // Charges the memory of `value` (a copy of it, or what it grew by) to the
    // file's budget; false, charging nothing, when it does not fit in what is left.
    [[nodiscard]] bool charge(const Value& value) const;
    [[nodiscard]] bool charge_bytes(std::uint64_t bytes) const;

    std::string_view m_source;
    std::uint64_t m_budget;
    mutable std::uint64_t m_spent = 0;  // an Evaluator serves one file on one thread
};

// `path` names a member of module `module` ("sqlalchemy.dialects.postgresql.ENUM"
// is in "sqlalchemy"); the member's last component is returned, else empty.
std::string_view member_of(std::string_view path, std::string_view module);

// Python's textwrap.dedent on a mapped string.
PyString dedent(const PyString& text);
// str.strip(), lstrip() and rstrip() without arguments.
PyString strip(const PyString& text, bool leading, bool trailing);

}  // namespace miglint::alembic

// The values of the small static subset of Python that migrations use, and
// the scopes that bind names to them.
#pragma once

#include "alembic/python_string.hpp"
#include "alembic/syntax_tree.hpp"

#include <miglint/operation.hpp>

#include <map>
#include <string>
#include <vector>

namespace miglint::alembic {

struct Value {
    enum class Kind {
        unknown,     // not statically known; `reason` says why when it matters
        none,
        boolean,
        integer,
        string,
        sequence,    // list or tuple of values
        module,      // an imported module or name: `path` is its dotted import path
        connection,  // op.get_bind() and what it returns
        session,     // an ORM Session bound to the migration's connection: what it executes runs there
        batch,       // the `batch_op` of `with op.batch_alter_table(...)`
        expression,  // a bound expression kept unevaluated (ENUM(...), sa.table(...))
        function,    // a function defined in the file
    };
    Kind kind = Kind::unknown;
    bool boolean = false;
    long long integer = 0;
    PyString string;
    bool text_clause = false;     // the string went through sa.text()
    bool from_convention = false; // op.f("..."): a name the naming convention gave
    std::vector<Value> items;
    int nesting = 0;  // Kind::sequence: how deep sequences nest in it
    std::string path;
    QualifiedName table;          // Kind::batch
    bool recreate_always = false; // Kind::batch with recreate="always"
    Node node;                    // Kind::expression and Kind::function; Kind::batch: the batch_alter_table call
    std::string reason;

    [[nodiscard]] bool is(Kind k) const { return kind == k; }
    [[nodiscard]] bool is_string() const { return kind == Kind::string && !string.bytes; }

    static Value unknown(std::string why = {}) {
        Value v;
        v.reason = std::move(why);
        return v;
    }
    static Value of_kind(Kind k) {
        Value v;
        v.kind = k;
        return v;
    }
    static Value module_path(std::string dotted) {
        Value v;
        v.kind = Kind::module;
        v.path = std::move(dotted);
        return v;
    }
};

// A frame of name bindings; lookups fall back to the enclosing frame.
class Scope {
public:
    explicit Scope(const Scope* parent = nullptr) : m_parent(parent) {}

    [[nodiscard]] const Value* find(std::string_view name) const {
        for (const Scope* scope = this; scope != nullptr; scope = scope->m_parent) {
            const auto it = scope->m_values.find(name);
            if (it != scope->m_values.end()) return &it->second;
        }
        return nullptr;
    }
    void bind(const std::string& name, Value value) { m_values.insert_or_assign(name, std::move(value)); }
    // The names bound in this frame itself.
    [[nodiscard]] std::vector<std::string> own_names() const {
        std::vector<std::string> names;
        for (const auto& [name, value] : m_values) names.push_back(name);
        return names;
    }

private:
    std::map<std::string, Value, std::less<>> m_values;
    const Scope* m_parent;
};

}  // namespace miglint::alembic

#include "alembic/evaluator.hpp"

#include "alembic/call_args.hpp"
#include "alembic/dialect_branch.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace miglint::alembic {
namespace {

// Deep enough for any real migration, shallow enough that a hostile file
// (`a = b`, `b = a`, or thousands of nested parentheses) cannot recurse far.
constexpr int k_max_depth = 64;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The import an unbound name conventionally stands for.
std::optional<std::string> conventional_import(std::string_view name) {
    if (name == "op") return "alembic.op";
    if (name == "sa") return "sqlalchemy";
    if (name == "postgresql") return "sqlalchemy.dialects.postgresql";
    return std::nullopt;
}

PyString slice(const PyString& text, std::size_t from, std::size_t to) {
    PyString out;
    out.bytes = text.bytes;
    out.interpolated = text.interpolated;
    out.literal = text.literal;
    if (from >= to || from >= text.value.size()) return out;
    to = std::min(to, text.value.size());
    out.value = text.value.substr(from, to - from);
    out.sources.assign(text.sources.begin() + static_cast<std::ptrdiff_t>(from),
                       text.sources.begin() + static_cast<std::ptrdiff_t>(to));
    return out;
}

// The memory a value holds: itself, each byte of a string with its source span, its items.
std::uint64_t memory_of(const Value& value) {
    std::uint64_t bytes = sizeof(Value) + value.string.value.size() * (1 + sizeof(Span)) + value.path.size();
    for (const auto& item : value.items) bytes += memory_of(item);  // items nest at most k_max_depth deep
    return bytes;
}

}  // namespace

bool Evaluator::charge_bytes(std::uint64_t bytes) const {
    if (bytes > m_budget - m_spent) return false;  // what is left still serves smaller values
    m_spent += bytes;
    return true;
}

bool Evaluator::charge(const Value& value) const {
    return charge_bytes(memory_of(value));
}

std::string_view member_of(std::string_view path, std::string_view module) {
    if (path.size() <= module.size() || !starts_with(path, module) || path[module.size()] != '.') return {};
    const auto dot = path.rfind('.');
    return path.substr(dot + 1);
}

PyString strip(const PyString& text, bool leading, bool trailing) {
    std::size_t from = 0;
    std::size_t to = text.value.size();
    while (leading && from < to && is_space(text.value[from])) ++from;
    while (trailing && to > from && is_space(text.value[to - 1])) --to;
    return slice(text, from, to);
}

PyString dedent(const PyString& text) {
    // Split into lines (keeping the '\n'), find the common indentation of the
    // lines that hold more than whitespace, remove it; whitespace-only lines
    // lose their whitespace, as textwrap does.
    struct Line {
        std::size_t begin;
        std::size_t end;  // before '\n'
        bool blank;
    };
    std::vector<Line> lines;
    std::size_t start = 0;
    const auto& value = text.value;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i == value.size() || value[i] == '\n') {
            bool blank = true;
            for (std::size_t k = start; k < i; ++k) blank = blank && (value[k] == ' ' || value[k] == '\t');
            lines.push_back({start, i, blank});
            start = i + 1;
        }
    }
    std::optional<std::string> margin;
    for (const auto& line : lines) {
        if (line.blank) continue;
        std::size_t k = line.begin;
        while (k < line.end && (value[k] == ' ' || value[k] == '\t')) ++k;
        const std::string indent = value.substr(line.begin, k - line.begin);
        if (!margin) {
            margin = indent;
        } else {
            std::size_t common = 0;
            while (common < margin->size() && common < indent.size() && (*margin)[common] == indent[common]) ++common;
            margin->resize(common);
        }
    }
    const std::size_t cut = margin ? margin->size() : 0;
    PyString out = slice(text, 0, 0);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const auto& line = lines[n];
        const std::size_t from = line.blank ? line.end : line.begin + cut;
        const std::size_t to = n + 1 < lines.size() ? line.end + 1 : line.end;
        out.append(slice(text, from, to));
    }
    out.literal = text.literal;
    return out;
}

std::optional<std::string> Evaluator::path_of(Node expr, const Scope& scope) const {
    // Attribute chains are walked iteratively from the right.
    std::string suffix;
    Node current = expr;
    for (int depth = 0; depth < k_max_depth; ++depth) {
        if (current.is("attribute")) {
            const Node attr = current.field("attribute");
            if (!attr) return std::nullopt;
            suffix = "." + std::string(text(attr)) + suffix;
            current = current.field("object");
            continue;
        }
        if (!current.is("identifier")) return std::nullopt;
        const auto name = text(current);
        if (const Value* value = scope.find(name)) {
            if (!value->is(Value::Kind::module)) return std::nullopt;
            return value->path + suffix;
        }
        if (auto conventional = conventional_import(name)) return *conventional + suffix;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> Evaluator::string_of(Node expr, const Scope& scope) const {
    const Value value = evaluate(expr, scope);
    if (!value.is_string()) return std::nullopt;
    return value.string.value;
}

std::optional<bool> Evaluator::bool_of(Node expr, const Scope& scope) const {
    const Value value = evaluate(expr, scope);
    if (value.is(Value::Kind::boolean)) return value.boolean;
    if (value.is(Value::Kind::none)) return false;
    if (value.is(Value::Kind::integer)) return value.integer != 0;
    return std::nullopt;
}

std::optional<long long> Evaluator::int_of(Node expr, const Scope& scope) const {
    const Value value = evaluate(expr, scope);
    if (value.is(Value::Kind::integer)) return value.integer;
    return std::nullopt;
}

std::optional<std::vector<std::string>> Evaluator::strings_of(Node expr, const Scope& scope) const {
    const Value value = evaluate(expr, scope);
    if (value.is_string()) return std::vector<std::string>{value.string.value};
    if (!value.is(Value::Kind::sequence)) return std::nullopt;
    std::vector<std::string> strings;
    for (const auto& item : value.items) {
        if (!item.is_string()) return std::nullopt;
        strings.push_back(item.string.value);
    }
    return strings;
}

Value Evaluator::evaluate_string(Node string, const Scope& scope, int depth) const {
    std::string failure = "string";
    const InterpolationResolver resolve = [&](Node field) -> std::optional<PyString> {
        failure = "f-string";
        if (field.field("format_specifier") || field.field("type_conversion")) return std::nullopt;
        const Value inner = evaluate_at(field.field("expression"), scope, depth + 1);
        // An integer formats as its decimal digits (`WHERE kind = {APP_TYPE}`).
        if (inner.is(Value::Kind::integer)) {
            PyString digits;
            digits.value = std::to_string(inner.integer);
            return digits;
        }
        if (!inner.is_string()) return std::nullopt;
        return inner.string;
    };
    auto decoded = decode_string(string, m_source, resolve);
    if (!decoded) return Value::unknown(failure);
    Value value;
    value.kind = Value::Kind::string;
    value.string = std::move(*decoded);
    // A literal is as large as its text in the file at most; what f-string fields add is charged.
    if (value.string.interpolated && !charge(value)) return Value::unknown(std::string(k_too_large));
    return value;
}

namespace {

// op.f("name") marks the name as one its naming convention gave.
Value conventional_name(Value name) {
    if (name.is_string()) name.from_convention = true;
    return name;
}

}  // namespace

bool Evaluator::opens_session(Node call, const Scope& scope, int depth) const {
    if (depth > k_max_depth) return false;
    Node function = call.field("function");
    // `Session = sessionmaker(bind=bind)` earlier, then `Session()`.
    if (function.is("identifier")) {
        const Value* bound = scope.find(text(function));
        if (bound != nullptr && bound->is(Value::Kind::expression) && bound->node.is("call")) function = bound->node;
    }
    // `sessionmaker(bind=bind)()`: the factory's bind is the session's.
    if (function.is("call")) {
        const auto factory = path_of(function.field("function"), scope);
        if (!factory || member_of(*factory, "sqlalchemy") != "sessionmaker") return false;
        call = function;
    } else {
        const auto path = path_of(function, scope);
        if (!path || member_of(*path, "sqlalchemy") != "Session") return false;
    }
    // Session(bind=None, ...) and sessionmaker(bind=None, ...) take the bind first.
    const BoundArgs bound = bind_args(call_args(call, m_source), {"bind"});
    return bound.has("bind") && evaluate_at(bound.get("bind"), scope, depth + 1).is(Value::Kind::connection);
}

Value Evaluator::evaluate_call(Node call, const Scope& scope, int depth) const {
    const Node function = call.field("function");
    const CallArgs args = call_args(call, m_source);
    const Node first = args.positional.empty() ? Node{} : args.positional.front();

    // orm.Session(bind=op.get_bind()): the ORM runs what it executes on the migration's connection.
    if (opens_session(call, scope, depth)) return Value::of_kind(Value::Kind::session);

    if (const auto path = path_of(function, scope)) {
        const auto sa_member = member_of(*path, "sqlalchemy");
        if (sa_member == "text" && first) {
            Value inner = evaluate_at(first, scope, depth + 1);
            if (inner.is_string()) inner.text_clause = true;
            return inner;
        }
        const auto alembic_member = member_of(*path, "alembic");
        if ((alembic_member == "f") && first) return conventional_name(evaluate_at(first, scope, depth + 1));
        if (alembic_member == "get_bind") return Value::of_kind(Value::Kind::connection);
        if (*path == "textwrap.dedent" && first) {
            Value inner = evaluate_at(first, scope, depth + 1);
            if (inner.is_string()) inner.string = dedent(inner.string);
            return inner;
        }
        if (*path == "str" && first) {
            Value inner = evaluate_at(first, scope, depth + 1);
            if (inner.is_string()) return inner;
        }
        return Value::unknown();
    }
    if (function.is("attribute")) {
        const auto method = text(function.field("attribute"));
        const Node object = function.field("object");
        if (method == "format") return Value::unknown("str.format()");
        if (method == "bindparams" || method == "params" || method == "execution_options" || method == "columns") {
            return evaluate_at(object, scope, depth + 1);
        }
        if (method == "strip" || method == "lstrip" || method == "rstrip") {
            Value inner = evaluate_at(object, scope, depth + 1);
            if (!inner.is_string()) return inner;
            if (!args.positional.empty() && !args.positional.front().is("none")) return Value::unknown();
            inner.string = strip(inner.string, method != "rstrip", method != "lstrip");
            return inner;
        }
        // batch_op.f("...") is op.f("...").
        if (method == "f" && first && evaluate_at(object, scope, depth + 1).is(Value::Kind::batch)) {
            return conventional_name(evaluate_at(first, scope, depth + 1));
        }
        // op.get_context().bind and .connection are the migration's connection.
        if (method == "get_bind") {
            const Value holder = evaluate_at(object, scope, depth + 1);
            if (holder.is(Value::Kind::module) || holder.is(Value::Kind::connection)) {
                return Value::of_kind(Value::Kind::connection);
            }
        }
    }
    return Value::unknown();
}

Value Evaluator::evaluate_at(Node expr, const Scope& scope, int depth) const {
    if (!expr || depth > k_max_depth) return Value::unknown();
    const auto type = expr.type();
    if (type == "string") return evaluate_string(expr, scope, depth);
    if (type == "concatenated_string") {
        Value joined;
        joined.kind = Value::Kind::string;
        for (const Node part : expr.named_children()) {
            if (!part.is("string")) continue;
            const Value piece = evaluate_string(part, scope, depth);  // charged there when it interpolates
            if (!piece.is(Value::Kind::string)) return piece;
            joined.string.append(piece.string);
        }
        joined.string.literal = expr.span();
        return joined;
    }
    if (type == "parenthesized_expression") return evaluate_at(expr.named_child(0), scope, depth + 1);
    // `a if <dialect test> else b`: the value on PostgreSQL.
    if (type == "conditional_expression" && expr.named_child_count() == 3) {
        const auto on_postgres = true_on_postgres(expr.named_child(1), m_source, scope);
        if (!on_postgres) return Value::unknown();
        return evaluate_at(expr.named_child(*on_postgres ? 0 : 2), scope, depth + 1);
    }
    if (type == "none") return Value::of_kind(Value::Kind::none);
    if (type == "true" || type == "false") {
        Value v = Value::of_kind(Value::Kind::boolean);
        v.boolean = type == "true";
        return v;
    }
    if (type == "integer") {
        std::string digits;
        for (const char c : text(expr)) {
            if (c != '_') digits += c;
        }
        long long parsed = 0;
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
        if (ec != std::errc{} || ptr != digits.data() + digits.size()) return Value::unknown();
        Value v = Value::of_kind(Value::Kind::integer);
        v.integer = parsed;
        return v;
    }
    if (type == "unary_operator") {
        Value inner = evaluate_at(expr.field("argument"), scope, depth + 1);
        const auto op = text(expr.field("operator"));
        if (inner.is(Value::Kind::integer) && op == "-") {
            inner.integer = -inner.integer;
            return inner;
        }
        return Value::unknown();
    }
    if (type == "list" || type == "tuple" || type == "expression_list") {
        Value v = Value::of_kind(Value::Kind::sequence);
        for (const Node item : expr.named_children()) {
            if (item.is("comment")) continue;
            if (item.is("list_splat")) return Value::unknown();
            v.items.push_back(evaluate_at(item, scope, depth + 1));
            // Bound names nest a list in a list without the syntax nesting (`a = [a]` line after line).
            v.nesting = std::max(v.nesting, v.items.back().nesting + 1);
            if (v.nesting > k_max_depth || !charge_bytes(sizeof(Value)))
                return Value::unknown(std::string(k_too_large));
        }
        return v;
    }
    if (type == "binary_operator") {
        const auto op = text(expr.field("operator"));
        Value left = evaluate_at(expr.field("left"), scope, depth + 1);
        if (op == "%" && left.is(Value::Kind::string)) return Value::unknown("%-format");
        if (op != "+") return Value::unknown();
        const Value right = evaluate_at(expr.field("right"), scope, depth + 1);
        if (left.is(Value::Kind::string) && right.is(Value::Kind::string) && left.string.bytes == right.string.bytes) {
            if (!charge(right)) return Value::unknown(std::string(k_too_large));  // what the left grows by
            Value joined = std::move(left);
            joined.string.append(right.string);
            joined.text_clause = false;
            return joined;
        }
        if (!left.reason.empty()) return left;
        if (!right.reason.empty()) return right;
        return Value::unknown();
    }
    if (type == "identifier") {
        const auto name = text(expr);
        if (const Value* bound = scope.find(name)) {
            // A copy: a name used again and again (`a = a + a`) copies what it holds each time.
            if (!charge(*bound)) return Value::unknown(std::string(k_too_large));
            return *bound;
        }
        if (auto conventional = conventional_import(name)) return Value::module_path(*conventional);
        return Value::unknown("unknown name `" + std::string(name) + "`");
    }
    if (type == "attribute") {
        if (auto path = path_of(expr, scope)) return Value::module_path(std::move(*path));
        const auto attr = text(expr.field("attribute"));
        if (attr == "bind" || attr == "connection") {
            const Node object = expr.field("object");
            if (object.is("call")) {
                const auto path = path_of(object.field("function"), scope);
                if (path && (member_of(*path, "alembic") == "get_context")) return Value::of_kind(Value::Kind::connection);
            }
        }
        return Value::unknown();
    }
    if (type == "call") return evaluate_call(expr, scope, depth);
    return Value::unknown();
}

}  // namespace miglint::alembic

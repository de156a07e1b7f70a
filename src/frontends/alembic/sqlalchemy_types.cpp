#include "alembic/sqlalchemy_types.hpp"

#include "alembic/call_args.hpp"
#include "alembic/dialect_branch.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace miglint::alembic {
namespace {

constexpr int k_max_depth = 16;

// How a class maps: its PostgreSQL name and which arguments become typmods.
enum class Mods { none, length, precision_scale, float_precision, timestamp, time, char_length };

struct TypeEntry {
    std::string_view cls;
    std::string_view pg;
    Mods mods;
};

constexpr TypeEntry k_types[] = {
    {"Integer", "int4", Mods::none},        {"INTEGER", "int4", Mods::none},
    {"INT", "int4", Mods::none},            {"BigInteger", "int8", Mods::none},
    {"BIGINT", "int8", Mods::none},         {"SmallInteger", "int2", Mods::none},
    {"SMALLINT", "int2", Mods::none},       {"String", "varchar", Mods::length},
    {"VARCHAR", "varchar", Mods::length},   {"Unicode", "varchar", Mods::length},
    {"NVARCHAR", "varchar", Mods::length},  {"AutoString", "varchar", Mods::length},
    {"Text", "text", Mods::none},           {"TEXT", "text", Mods::none},
    {"UnicodeText", "text", Mods::none},    {"Boolean", "bool", Mods::none},
    {"BOOLEAN", "bool", Mods::none},        {"DateTime", "timestamp", Mods::timestamp},
    {"DATETIME", "timestamp", Mods::timestamp}, {"TIMESTAMP", "timestamp", Mods::timestamp},
    {"Date", "date", Mods::none},           {"DATE", "date", Mods::none},
    {"Time", "time", Mods::time},           {"TIME", "time", Mods::time},
    {"Interval", "interval", Mods::none},   {"INTERVAL", "interval", Mods::none},
    {"Numeric", "numeric", Mods::precision_scale}, {"NUMERIC", "numeric", Mods::precision_scale},
    {"DECIMAL", "numeric", Mods::precision_scale}, {"Float", "float8", Mods::float_precision},
    {"FLOAT", "float8", Mods::float_precision}, {"REAL", "float4", Mods::none},
    {"Double", "float8", Mods::none},       {"DOUBLE", "float8", Mods::none},
    {"DOUBLE_PRECISION", "float8", Mods::none}, {"JSON", "json", Mods::none},
    {"JSONB", "jsonb", Mods::none},         {"UUID", "uuid", Mods::none},
    {"Uuid", "uuid", Mods::none},           {"GUID", "uuid", Mods::none},
    {"LargeBinary", "bytea", Mods::none},   {"BYTEA", "bytea", Mods::none},
    {"PickleType", "bytea", Mods::none},    {"CHAR", "bpchar", Mods::char_length},
    {"NCHAR", "bpchar", Mods::char_length}, {"INET", "inet", Mods::none},
    {"CIDR", "cidr", Mods::none},           {"MACADDR", "macaddr", Mods::none},
    {"MACADDR8", "macaddr8", Mods::none},   {"MONEY", "money", Mods::none},
    {"OID", "oid", Mods::none},             {"TSVECTOR", "tsvector", Mods::none},
    {"TSQUERY", "tsquery", Mods::none},     {"HSTORE", "hstore", Mods::none},
    {"CITEXT", "citext", Mods::none},       {"INT4RANGE", "int4range", Mods::none},
    {"INT8RANGE", "int8range", Mods::none}, {"NUMRANGE", "numrange", Mods::none},
    {"DATERANGE", "daterange", Mods::none}, {"TSRANGE", "tsrange", Mods::none},
    {"TSTZRANGE", "tstzrange", Mods::none}, {"BIT", "bit", Mods::length},
    {"XML", "xml", Mods::none},
};

// SchemaItems that may stand where a type could in sa.Column(...).
constexpr std::string_view k_not_types[] = {
    "ForeignKey", "Identity", "Computed", "Sequence", "CheckConstraint", "UniqueConstraint",
    "PrimaryKeyConstraint", "ForeignKeyConstraint", "Index", "DefaultClause", "FetchedValue",
    "text", "func", "Column",
};

// The class name of a SQLAlchemy (or SQLModel) type path, else empty.
std::string_view type_class(std::string_view path) {
    for (const auto module : {"sqlalchemy", "sqlmodel"}) {
        const auto member = member_of(path, module);
        if (!member.empty()) return member;
    }
    return {};
}

const TypeEntry* find_entry(std::string_view cls) {
    for (const auto& entry : k_types) {
        if (entry.cls == cls) return &entry;
    }
    return nullptr;
}

// Resolves a name bound to a type expression to that expression.
Node resolve_bound(Node expr, const Scope& scope, std::string_view source) {
    for (int depth = 0; depth < k_max_depth && expr.is("identifier"); ++depth) {
        const Value* bound = scope.find(expr.text(source));
        if (bound == nullptr || !bound->is(Value::Kind::expression)) break;
        expr = bound->node;
    }
    return expr;
}

std::optional<int> int_arg(const BoundArgs& args, std::string_view name, const Evaluator& eval, const Scope& scope) {
    const Node node = args.get(name);
    if (!node) return std::nullopt;
    const auto value = eval.int_of(node, scope);
    if (!value || *value < 0 || *value > 100000000) return std::nullopt;
    return static_cast<int>(*value);
}

bool bool_arg(const BoundArgs& args, std::string_view name, const Evaluator& eval, const Scope& scope) {
    const Node node = args.get(name);
    return node && eval.bool_of(node, scope).value_or(false);
}

std::optional<ColumnType> type_at(Node expr, const Evaluator& eval, const Scope& scope, int depth);

std::optional<EnumSpec> enum_from_call(Node call, const Evaluator& eval, const Scope& scope) {
    EnumSpec spec;
    spec.span = call.span();
    const CallArgs args = call_args(call, eval.source());
    if (const Node name = args.keyword("name")) {
        auto value = eval.string_of(name, scope);
        if (!value) return spec;  // an enum whose name is not known: type stays empty
        spec.type.name = *value;
    }
    if (const Node schema = args.keyword("schema")) spec.type.schema = eval.string_of(schema, scope).value_or("");
    for (const Node value : args.positional) {
        if (auto text = eval.string_of(value, scope)) {
            spec.values.push_back(*text);
        } else if (spec.type.name.empty() && spec.values.empty() && (value.is("identifier") || value.is("attribute"))) {
            // sa.Enum(MyEnum): SQLAlchemy names the type after the class, lower-cased.
            auto cls = std::string(eval.text(value));
            cls = cls.substr(cls.rfind('.') == std::string::npos ? 0 : cls.rfind('.') + 1);
            std::transform(cls.begin(), cls.end(), cls.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            spec.type.name = cls;
        }
    }
    if (const Node create = args.keyword("create_type")) spec.create_type = eval.bool_of(create, scope).value_or(true);
    return spec;
}

std::optional<ColumnType> type_from_class(std::string_view cls, Node call, const Evaluator& eval, const Scope& scope, int depth) {
    ColumnType out;
    const CallArgs raw = call ? call_args(call, eval.source()) : CallArgs{};
    if (cls == "Enum" || cls == "ENUM") {
        auto spec = call ? enum_from_call(call, eval, scope) : std::optional<EnumSpec>{};
        const Node native = raw.keyword("native_enum");
        if (native && !eval.bool_of(native, scope).value_or(true)) {
            // A non-native Enum is a VARCHAR sized to the longest value.
            out.type.name = "varchar";
            std::size_t longest = 0;
            if (spec) {
                for (const auto& value : spec->values) longest = std::max(longest, value.size());
            }
            if (const Node length = raw.keyword("length")) longest = static_cast<std::size_t>(eval.int_of(length, scope).value_or(0));
            if (longest > 0) out.type.modifiers.push_back(static_cast<int>(longest));
            return out;
        }
        if (spec && !spec->type.name.empty()) {
            out.type.name = spec->type.name;
            out.type.schema = spec->type.schema;
            out.enum_spec = std::move(spec);
        }
        return out;
    }
    if (cls == "ARRAY") {
        const BoundArgs args = bind_args(raw, {"item_type", "as_tuple", "dimensions"});
        auto inner = type_at(args.get("item_type"), eval, scope, depth + 1);
        if (!inner) return out;
        out = std::move(*inner);
        out.type.array_dimensions = int_arg(args, "dimensions", eval, scope).value_or(1);
        return out;
    }
    const TypeEntry* entry = find_entry(cls);
    if (entry == nullptr) return out;  // a SQLAlchemy type miglint does not map
    out.type.name = std::string(entry->pg);
    switch (entry->mods) {
    case Mods::none: break;
    case Mods::length: {
        const BoundArgs args = bind_args(raw, {"length"});
        if (auto length = int_arg(args, "length", eval, scope)) out.type.modifiers.push_back(*length);
        break;
    }
    case Mods::char_length: {
        const BoundArgs args = bind_args(raw, {"length"});
        out.type.modifiers.push_back(int_arg(args, "length", eval, scope).value_or(1));
        break;
    }
    case Mods::precision_scale: {
        const BoundArgs args = bind_args(raw, {"precision", "scale"});
        if (auto precision = int_arg(args, "precision", eval, scope)) {
            out.type.modifiers.push_back(*precision);
            if (auto scale = int_arg(args, "scale", eval, scope)) out.type.modifiers.push_back(*scale);
        }
        break;
    }
    case Mods::float_precision: {
        const BoundArgs args = bind_args(raw, {"precision"});
        // FLOAT(p) is real for p <= 24, double precision above (PostgreSQL 8.14.2).
        if (auto precision = int_arg(args, "precision", eval, scope); precision && *precision >= 1 && *precision <= 24) {
            out.type.name = "float4";
        }
        break;
    }
    case Mods::timestamp:
    case Mods::time: {
        const BoundArgs args = bind_args(raw, {"timezone", "precision"});
        if (bool_arg(args, "timezone", eval, scope)) out.type.name += "tz";
        if (auto precision = int_arg(args, "precision", eval, scope)) out.type.modifiers.push_back(*precision);
        break;
    }
    }
    return out;
}

std::optional<ColumnType> type_at(Node expr, const Evaluator& eval, const Scope& scope, int depth) {
    if (!expr || depth > k_max_depth) return std::nullopt;
    // `sa.Integer() if dialect.name == "sqlite" else sa.BigInteger()`: the type PostgreSQL gets.
    if (expr.is("conditional_expression") && expr.named_child_count() == 3) {
        const auto on_postgres = true_on_postgres(expr.named_child(1), eval.source(), scope);
        if (!on_postgres) return std::nullopt;
        return type_at(expr.named_child(*on_postgres ? 0 : 2), eval, scope, depth + 1);
    }
    const Node original = expr;
    expr = resolve_bound(expr, scope, eval.source());
    Node call;
    Node cls_node = expr;
    if (expr.is("call")) {
        call = expr;
        cls_node = expr.field("function");
        // sa.String(20).with_variant(...): the base type is what PostgreSQL gets
        // unless a postgresql variant is named; stay with the base type.
        if (cls_node.is("attribute") && eval.text(cls_node.field("attribute")) == "with_variant") {
            auto base = type_at(cls_node.field("object"), eval, scope, depth + 1);
            if (base) base->type.written = std::string(eval.text(original));
            return base;
        }
    }
    if (!cls_node.is("identifier") && !cls_node.is("attribute")) return std::nullopt;
    const auto path = eval.path_of(cls_node, scope);
    ColumnType out;
    if (path) {
        const auto cls = type_class(*path);
        if (std::find(std::begin(k_not_types), std::end(k_not_types), cls) != std::end(k_not_types)) return std::nullopt;
        if (path->find(".func.") != std::string::npos) return std::nullopt;
        if (!cls.empty()) out = type_from_class(cls, call, eval, scope, depth).value_or(ColumnType{});
    } else if (const Value* bound = cls_node.is("identifier") ? scope.find(eval.text(cls_node)) : nullptr;
               bound != nullptr && !bound->is(Value::Kind::unknown) && !bound->is(Value::Kind::expression) &&
               !bound->is(Value::Kind::module)) {
        // A string, number or other literal is not a type.
        return std::nullopt;
    }
    out.type.written = std::string(eval.text(original));
    return out;
}

}  // namespace

std::optional<ColumnType> sqlalchemy_type(Node expr, const Evaluator& eval, const Scope& scope) {
    if (expr.is("string") || expr.is("concatenated_string") || expr.is("integer") || expr.is("none") ||
        expr.is("true") || expr.is("false") || expr.is("list") || expr.is("tuple")) {
        return std::nullopt;
    }
    return type_at(expr, eval, scope, 0);
}

std::optional<EnumSpec> enum_spec_of(Node expr, const Evaluator& eval, const Scope& scope) {
    expr = resolve_bound(expr, scope, eval.source());
    if (!expr.is("call")) return std::nullopt;
    const auto path = eval.path_of(expr.field("function"), scope);
    if (!path) return std::nullopt;
    const auto cls = type_class(*path);
    if (cls != "Enum" && cls != "ENUM") return std::nullopt;
    return enum_from_call(expr, eval, scope);
}

}  // namespace miglint::alembic

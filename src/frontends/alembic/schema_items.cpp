#include "alembic/schema_items.hpp"

#include "alembic/call_args.hpp"
#include "alembic/embedded_sql.hpp"

#include <cctype>

namespace miglint::alembic {
namespace {

// The SQLAlchemy class a call constructs ("Column" for sa.Column(...)), or empty.
std::string_view constructed_class(Node call, const Evaluator& eval, const Scope& scope, std::string& storage) {
    if (!call.is("call")) return {};
    const auto path = eval.path_of(call.field("function"), scope);
    if (!path) return {};
    storage = *path;
    for (const auto module : {"sqlalchemy", "sqlmodel"}) {
        const auto member = member_of(storage, module);
        if (!member.empty()) return member;
    }
    return {};
}

std::optional<bool> keyword_bool(const CallArgs& args, std::string_view name, const Evaluator& eval, const Scope& scope) {
    const Node node = args.keyword(name);
    if (!node) return std::nullopt;
    return eval.bool_of(node, scope);
}

std::string keyword_string(const CallArgs& args, std::string_view name, const Evaluator& eval, const Scope& scope) {
    const Node node = args.keyword(name);
    if (!node) return {};
    return eval.string_of(node, scope).value_or("");
}

// A Python expression as SQL text, for sa.func calls: strings are literals,
// numbers as written, nested sa.func calls recursively. nullopt otherwise.
std::optional<std::string> render_sql(Node expr, const Evaluator& eval, const Scope& scope, int depth) {
    if (depth > 16) return std::nullopt;
    const Value value = eval.evaluate(expr, scope);
    if (value.is_string()) return value.text_clause ? value.string.value : sql_literal(value.string.value);
    if (value.is(Value::Kind::integer)) return std::to_string(value.integer);
    if (value.is(Value::Kind::boolean)) return value.boolean ? "true" : "false";
    if (value.is(Value::Kind::none)) return "NULL";
    if (!expr.is("call")) return std::nullopt;
    const auto path = eval.path_of(expr.field("function"), scope);
    if (!path) return std::nullopt;
    const auto func = path->find(".func.");
    const auto member = member_of(*path, "sqlalchemy");
    if (func == std::string::npos) {
        if (member == "true" || member == "false") return std::string(member);
        if (member == "null") return "NULL";
        if (member == "literal_column") {
            const CallArgs args = call_args(expr, eval.source());
            if (!args.positional.empty()) return eval.string_of(args.positional.front(), scope);
        }
        return std::nullopt;
    }
    std::string out = path->substr(func + 6) + "(";
    const CallArgs args = call_args(expr, eval.source());
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        auto arg = render_sql(args.positional[i], eval, scope, depth + 1);
        if (!arg) return std::nullopt;
        if (i > 0) out += ", ";
        out += *arg;
    }
    return out + ")";
}

Constraint foreign_key_from_reference(const std::string& reference, Span span) {
    Constraint fk;
    fk.kind = ConstraintKind::foreign_key;
    auto [table, column] = split_column_reference(reference);
    fk.referenced_table = std::move(table);
    if (!column.empty()) fk.referenced_columns.push_back(std::move(column));
    fk.span = span;
    return fk;
}

}  // namespace

void read_foreign_key_options(const CallArgs& args, const Evaluator& eval, const Scope& scope, Constraint& fk) {
    const auto upper = [&](std::string_view name) {
        auto text = keyword_string(args, name, eval, scope);
        for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return text;
    };
    fk.on_delete = upper("ondelete");
    fk.on_update = upper("onupdate");
    fk.match = upper("match");
    // SQLAlchemy writes INITIALLY DEFERRED after DEFERRABLE, or alone, which PostgreSQL reads as deferrable too.
    fk.initially_deferred = upper("initially") == "DEFERRED";
    fk.deferrable = keyword_bool(args, "deferrable", eval, scope).value_or(false) || fk.initially_deferred;
    // What PostgreSQL does when nothing is said: the model keeps these empty.
    if (fk.on_delete == "NO ACTION") fk.on_delete.clear();
    if (fk.on_update == "NO ACTION") fk.on_update.clear();
    if (fk.match == "SIMPLE") fk.match.clear();
}

std::pair<QualifiedName, std::string> split_column_reference(const std::string& reference) {
    const auto last = reference.rfind('.');
    if (last == std::string::npos) return {QualifiedName{"", reference}, ""};
    const std::string table = reference.substr(0, last);
    const std::string column = reference.substr(last + 1);
    const auto dot = table.rfind('.');
    if (dot == std::string::npos) return {QualifiedName{"", table}, column};
    return {QualifiedName{table.substr(0, dot), table.substr(dot + 1)}, column};
}

std::vector<IndexKey> index_keys(Node list, const Evaluator& eval, const Scope& scope) {
    const auto key_of = [](const Value& value) {
        IndexKey key;
        (value.text_clause ? key.expression : key.column) = value.string.value;
        return key;
    };
    std::vector<Node> items;
    if (list.is("list") || list.is("tuple")) {
        for (const Node item : list.named_children()) {
            if (!item.is("comment")) items.push_back(item);
        }
    } else if (list) {
        const Value value = eval.evaluate(list, scope);
        if (value.is(Value::Kind::sequence)) {
            // A name bound to a list: its strings are all there is to know.
            std::vector<IndexKey> keys;
            for (const auto& item : value.items) keys.push_back(item.is_string() ? key_of(item) : IndexKey{});
            return keys;
        }
        items.push_back(list);
    }
    std::vector<IndexKey> keys;
    for (const Node item : items) {
        const Value value = eval.evaluate(item, scope);
        if (value.is_string()) {
            keys.push_back(key_of(value));
            continue;
        }
        if (item.is("call")) {
            const auto path = eval.path_of(item.field("function"), scope);
            const CallArgs args = call_args(item, eval.source());
            if (path && member_of(*path, "sqlalchemy") == "column" && !args.positional.empty()) {
                if (auto name = eval.string_of(args.positional.front(), scope)) {
                    keys.push_back(IndexKey{.column = *name});
                    continue;
                }
            }
        }
        keys.push_back(IndexKey{.python = std::string(eval.text(item))});
    }
    return keys;
}

std::vector<std::string> column_names(Node list, const Evaluator& eval, const Scope& scope) {
    std::vector<std::string> names;
    for (auto& key : index_keys(list, eval, scope)) {
        names.push_back(std::move(!key.column.empty() ? key.column : !key.expression.empty() ? key.expression : key.python));
    }
    return names;
}

std::optional<Expression> server_default_expression(Node value, const Evaluator& eval, const Scope& scope) {
    if (!value || value.is("none")) return std::nullopt;
    const Value evaluated = eval.evaluate(value, scope);
    if (evaluated.is_string()) {
        if (evaluated.text_clause) return sql_expression(evaluated.string);
        Expression literal;
        literal.text = sql_literal(evaluated.string.value);
        literal.volatility = Volatility::immutable;
        literal.strings = {evaluated.string.value};
        literal.span = value.span();
        return literal;
    }
    if (evaluated.is(Value::Kind::none)) return std::nullopt;
    if (auto sql = render_sql(value, eval, scope, 0)) return sql_expression(*sql, value.span());
    // Not readable: keep the source text, and claim nothing about volatility
    // beyond the vocabulary's default.
    Expression unknown;
    unknown.text = std::string(eval.text(value));
    unknown.span = value.span();
    return unknown;
}

Expression condition_expression(Node value, const Evaluator& eval, const Scope& scope) {
    const Value evaluated = eval.evaluate(value, scope);
    if (evaluated.is_string() && !evaluated.string.interpolated) return sql_expression(evaluated.string);
    Expression out;
    out.text = std::string(eval.text(value));
    out.span = value.span();
    return out;
}

bool is_use_alter_foreign_key(Node call, const Evaluator& eval, const Scope& scope) {
    std::string storage;
    const auto cls = constructed_class(call, eval, scope, storage);
    if (cls != "ForeignKey" && cls != "ForeignKeyConstraint") return false;
    return keyword_bool(call_args(call, eval.source()), "use_alter", eval, scope).value_or(false);
}

std::optional<LoweredColumn> lower_column(Node call, const Evaluator& eval, const Scope& scope) {
    std::string storage;
    if (constructed_class(call, eval, scope, storage) != "Column") return std::nullopt;
    const CallArgs args = call_args(call, eval.source());
    LoweredColumn out;
    ColumnDef& column = out.column;
    column.span = call.span();

    std::size_t next = 0;
    if (const Node name_kw = args.keyword("name")) {
        column.name = eval.string_of(name_kw, scope).value_or("");
    } else if (!args.positional.empty()) {
        if (auto name = eval.string_of(args.positional.front(), scope)) {
            column.name = *name;
            next = 1;
        }
    }
    std::vector<Node> items(args.positional.begin() + static_cast<std::ptrdiff_t>(next), args.positional.end());
    if (const Node type = args.keyword("type_")) items.insert(items.begin(), type);
    bool have_type = false;
    for (const Node item : items) {
        if (!have_type) {
            if (auto type = sqlalchemy_type(item, eval, scope)) {
                column.type = std::move(type->type);
                if (type->enum_spec) {
                    column.enum_type = type->enum_spec->type.name;
                    out.enum_spec = std::move(type->enum_spec);
                }
                have_type = true;
                continue;
            }
        }
        std::string item_path;
        const auto cls = constructed_class(item, eval, scope, item_path);
        const CallArgs item_args = call_args(item, eval.source());
        const Node first = item_args.positional.empty() ? Node{} : item_args.positional.front();
        if (cls == "ForeignKey") {
            Constraint fk = foreign_key_from_reference(first ? eval.string_of(first, scope).value_or("") : "", item.span());
            fk.name = keyword_string(item_args, "name", eval, scope);
            fk.name_from_convention = eval.is_conventional_name(item_args.keyword("name"), scope);
            fk.columns = {column.name};
            read_foreign_key_options(item_args, eval, scope, fk);
            auto& into = is_use_alter_foreign_key(item, eval, scope) ? out.use_alter_foreign_keys : column.constraints;
            into.push_back(std::move(fk));
            out.has_foreign_key = true;
        } else if (cls == "Identity") {
            column.identity = keyword_bool(item_args, "always", eval, scope).value_or(false) ? Identity::always
                                                                                          : Identity::by_default;
            column.not_null = true;
        } else if (cls == "Computed") {
            // persisted=False asks for a virtual column (PostgreSQL 18); SQLAlchemy's default stores it.
            const bool is_virtual = keyword_bool(item_args, "persisted", eval, scope) == std::optional<bool>(false);
            column.generated = is_virtual ? Generated::virtual_ : Generated::stored;
        } else if (cls == "CheckConstraint") {
            Constraint check;
            check.kind = ConstraintKind::check;
            check.name = keyword_string(item_args, "name", eval, scope);
            check.name_from_convention = eval.is_conventional_name(item_args.keyword("name"), scope);
            if (first) check.check = condition_expression(first, eval, scope);
            check.columns = {column.name};
            check.span = item.span();
            column.constraints.push_back(std::move(check));
        }
    }

    const bool primary_key = keyword_bool(args, "primary_key", eval, scope).value_or(false);
    if (primary_key) {
        column.primary_key = true;
        column.not_null = true;
        Constraint pk;
        pk.kind = ConstraintKind::primary_key;
        pk.columns = {column.name};
        pk.span = args.keyword("primary_key").parent().span();  // `primary_key=True`
        column.constraints.push_back(std::move(pk));
    }
    if (const auto nullable = keyword_bool(args, "nullable", eval, scope)) {
        if (!*nullable) column.not_null = true;
    }
    column.default_value = server_default_expression(args.keyword("server_default"), eval, scope);
    column.has_orm_default = static_cast<bool>(args.keyword("default")) && !args.keyword("default").is("none");
    out.index = keyword_bool(args, "index", eval, scope).value_or(false);
    const bool unique = keyword_bool(args, "unique", eval, scope).value_or(false);
    if (unique && out.index) {
        out.unique_index = true;
    } else if (unique) {
        Constraint constraint;
        constraint.kind = ConstraintKind::unique;
        constraint.columns = {column.name};
        constraint.span = args.keyword("unique").parent().span();  // `unique=True`
        column.constraints.push_back(std::move(constraint));
    }
    if (const Node autoincrement = args.keyword("autoincrement")) {
        const Value value = eval.evaluate(autoincrement, scope);
        if (value.is(Value::Kind::boolean)) out.autoincrement = value.boolean;
    }
    return out;
}

std::optional<Constraint> lower_constraint(Node call, const Evaluator& eval, const Scope& scope) {
    std::string storage;
    const auto cls = constructed_class(call, eval, scope, storage);
    const CallArgs args = call_args(call, eval.source());
    Constraint out;
    out.span = call.span();
    out.name = keyword_string(args, "name", eval, scope);
    out.name_from_convention = eval.is_conventional_name(args.keyword("name"), scope);
    const auto all_positional_names = [&] {
        std::vector<std::string> names;
        for (const Node item : args.positional) {
            auto more = column_names(item, eval, scope);
            names.insert(names.end(), more.begin(), more.end());
        }
        return names;
    };
    if (cls == "UniqueConstraint") {
        out.kind = ConstraintKind::unique;
        out.columns = all_positional_names();
    } else if (cls == "PrimaryKeyConstraint") {
        out.kind = ConstraintKind::primary_key;
        out.columns = all_positional_names();
    } else if (cls == "CheckConstraint") {
        out.kind = ConstraintKind::check;
        if (!args.positional.empty()) out.check = condition_expression(args.positional.front(), eval, scope);
    } else if (cls == "ForeignKeyConstraint") {
        out.kind = ConstraintKind::foreign_key;
        const BoundArgs bound = bind_args(args, {"columns", "refcolumns"});
        out.columns = column_names(bound.get("columns"), eval, scope);
        for (const auto& reference : column_names(bound.get("refcolumns"), eval, scope)) {
            auto [table, column] = split_column_reference(reference);
            if (out.referenced_table.empty()) out.referenced_table = table;
            out.referenced_columns.push_back(column);
        }
        read_foreign_key_options(args, eval, scope, out);
    } else if (cls == "ExcludeConstraint") {
        out.kind = ConstraintKind::exclusion;
        for (const Node element : args.positional) {
            const Node column = element.is("tuple") ? element.named_child(0) : element;
            const auto names = column_names(column, eval, scope);
            if (!names.empty()) out.columns.push_back(names.front());
        }
    } else {
        return std::nullopt;
    }
    if (const Node not_valid = args.keyword("postgresql_not_valid")) {
        out.not_valid = eval.bool_of(not_valid, scope).value_or(false);
    }
    return out;
}

std::optional<CreateIndex> lower_index_item(Node call, const QualifiedName& table, const Evaluator& eval,
                                            const Scope& scope) {
    std::string storage;
    if (constructed_class(call, eval, scope, storage) != "Index") return std::nullopt;
    const CallArgs args = call_args(call, eval.source());
    CreateIndex index;
    index.table = table;
    index.schema = table.schema;
    std::size_t first = 0;
    if (!args.positional.empty()) {
        index.name = eval.string_of(args.positional.front(), scope).value_or("");
        index.name_from_convention = eval.is_conventional_name(args.positional.front(), scope);
        first = 1;
    }
    for (std::size_t i = first; i < args.positional.size(); ++i) {
        auto names = column_names(args.positional[i], eval, scope);
        index.columns.insert(index.columns.end(), names.begin(), names.end());
    }
    index.unique = keyword_bool(args, "unique", eval, scope).value_or(false);
    index.method = keyword_string(args, "postgresql_using", eval, scope);
    if (index.method.empty()) index.method = "btree";
    const Node where = args.keyword("postgresql_where");
    index.partial = where && !where.is("none");
    return index;
}

}  // namespace miglint::alembic

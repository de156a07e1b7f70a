// Indexes, drops, renames, and settings changed by a SELECT of set_config().
#include <miglint/sql_names.hpp>

#include "sql/lowering.hpp"

#include "sql/char_class.hpp"

namespace miglint::sql {
namespace {

// A constant's value: 'text' (also 'text'::type), true/false; empty for anything else.
std::optional<std::string> constant_text(const Node* node) {
    if (node != nullptr && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) node = node->type_cast->arg;
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_A_CONST) return std::nullopt;
    const auto& c = *node->a_const;
    if (c.val_case == PG_QUERY__A__CONST__VAL_SVAL && c.sval->sval != nullptr) return std::string(c.sval->sval);
    if (c.val_case == PG_QUERY__A__CONST__VAL_BOOLVAL) return std::string(c.boolval->boolval ? "true" : "false");
    return std::nullopt;
}

// A boolean spelled as PostgreSQL's boolean input reads it: a prefix of
// true/false/yes/no, on/off (two letters at least), 1/0, any case.
std::optional<bool> boolean_text(std::string_view text) {
    auto value = chars::lowered(text);
    const auto first = value.find_first_not_of(" \t\n\r");
    if (first == std::string::npos) return std::nullopt;
    value = value.substr(first, value.find_last_not_of(" \t\n\r") + 1 - first);
    const auto prefix_of = [&](std::string_view word, std::size_t shortest) {
        return value.size() >= shortest && word.substr(0, value.size()) == value;
    };
    if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || value == "1") return true;
    if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || value == "0") return false;
    return std::nullopt;
}

// `set_config('lock_timeout', '5s', is_local)` with constant arguments: the
// setting it changes, as SET (or SET LOCAL when is_local) would.
std::optional<SetSetting> set_config_call(const Node* node) {
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return std::nullopt;
    const auto& call = *node->func_call;
    const auto function = qualified_name(call.funcname, call.n_funcname);
    if (function.name != "set_config" || (!function.schema.empty() && function.schema != "pg_catalog")) return std::nullopt;
    if (call.n_args != 3) return std::nullopt;
    const auto name = constant_text(call.args[0]);
    const auto value = constant_text(call.args[1]);
    const auto local_text = constant_text(call.args[2]);
    const auto local = local_text ? boolean_text(*local_text) : std::nullopt;
    if (!name || !value || !local) return std::nullopt;
    SetSetting setting;
    setting.name = chars::lowered(*name);
    setting.value = *value;
    setting.local = *local;
    return setting;
}

// The table a SELECT reads row by row to the end: one table in FROM, no
// WHERE, no LIMIT (`SELECT count(*) FROM t`). Empty for anything an index or a
// LIMIT could cut short, and for joins and set operations.
QualifiedName table_read_whole(const PgQuery__SelectStmt& select) {
    if (select.n_from_clause != 1 || select.where_clause != nullptr || select.limit_count != nullptr ||
        select.larg != nullptr || select.rarg != nullptr) {
        return {};
    }
    const auto* from = select.from_clause[0];
    if (from == nullptr || from->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) return {};
    return qualified_name(from->range_var);
}

}  // namespace

void lower_select(const PgQuery__SelectStmt& select, LowerContext& ctx) {
    // Only a SELECT of set_config() calls alone changes settings miglint can
    // name; one that reads a table, or computes a value, is a query.
    std::vector<SetSetting> settings;
    const bool plain = select.n_from_clause == 0 && select.where_clause == nullptr && select.n_values_lists == 0 &&
                       select.larg == nullptr && select.rarg == nullptr;
    for (std::size_t i = 0; plain && i < select.n_target_list; ++i) {
        const auto* target = select.target_list[i];
        auto setting = target != nullptr && target->node_case == PG_QUERY__NODE__NODE_RES_TARGET
                           ? set_config_call(target->res_target->val)
                           : std::nullopt;
        if (!setting) {
            settings.clear();
            break;
        }
        settings.push_back(std::move(*setting));
    }
    if (settings.empty()) {
        ctx.add(Other{"SELECT", table_read_whole(select)});
        return;
    }
    for (auto& setting : settings) ctx.add(std::move(setting));
}

namespace {

// What follows an index key, as SQL: " COLLATE \"C\" text_pattern_ops DESC NULLS LAST".
std::string index_key_options(const PgQuery__IndexElem& elem) {
    std::string out;
    if (elem.n_collation > 0) out += " COLLATE " + quote_qualified(qualified_name(elem.collation, elem.n_collation));
    if (elem.n_opclass > 0) out += " " + quote_qualified(qualified_name(elem.opclass, elem.n_opclass));
    switch (elem.ordering) {
        case PG_QUERY__SORT_BY_DIR__SORTBY_ASC: out += " ASC"; break;
        case PG_QUERY__SORT_BY_DIR__SORTBY_DESC: out += " DESC"; break;
        default: break;
    }
    switch (elem.nulls_ordering) {
        case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST: out += " NULLS FIRST"; break;
        case PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST: out += " NULLS LAST"; break;
        default: break;
    }
    return out;
}

// The name PostgreSQL gives an index expression's column (FigureIndexColname
// over FigureColnameInternal's common cases): a function's name, a column's,
// a cast's argument's or else its type's; "" where it picks none.
std::string figured_column_name(const Node* node) {
    if (node == nullptr) return {};
    switch (node->node_case) {
        case PG_QUERY__NODE__NODE_FUNC_CALL: {
            const auto& call = *node->func_call;
            return call.n_funcname > 0 ? string_of(call.funcname[call.n_funcname - 1]) : std::string{};
        }
        case PG_QUERY__NODE__NODE_COLUMN_REF: {
            const auto& ref = *node->column_ref;
            return ref.n_fields > 0 ? string_of(ref.fields[ref.n_fields - 1]) : std::string{};
        }
        case PG_QUERY__NODE__NODE_TYPE_CAST: {
            auto name = figured_column_name(node->type_cast->arg);
            const auto* type = node->type_cast->type_name;
            if (name.empty() && type != nullptr && type->n_names > 0) name = string_of(type->names[type->n_names - 1]);
            return name;
        }
        case PG_QUERY__NODE__NODE_COALESCE_EXPR: return "coalesce";
        case PG_QUERY__NODE__NODE_CASE_EXPR: return "case";
        default: return {};
    }
}

// A function-call key's text up to the parenthesis closing its arguments; the
// expression reader runs on over what follows the key (operator class, DESC).
std::string through_call_arguments(const std::string& text) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\'' || c == '"') {
            const auto close = text.find(c, i + 1);
            if (close == std::string::npos) break;
            i = close;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return text.substr(0, i + 1);
        }
    }
    return text;
}

}  // namespace

void lower_index(const PgQuery__IndexStmt& index, LowerContext& ctx) {
    CreateIndex create;
    create.table = qualified_name(index.relation);
    create.name = index.idxname != nullptr ? index.idxname : "";
    create.unique = index.unique || index.primary;
    create.concurrently = index.concurrent;
    create.if_not_exists = index.if_not_exists;
    create.partial = index.where_clause != nullptr;
    if (index.where_clause != nullptr) create.where = expression(index.where_clause, ctx.text(), ExpressionEnd::at_closing_parenthesis);
    create.only = index.relation != nullptr && !index.relation->inh;
    create.method = index.access_method != nullptr ? index.access_method : "btree";
    for (std::size_t i = 0; i < index.n_index_params; ++i) {
        const auto* param = index.index_params[i];
        if (param == nullptr || param->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
        const auto& elem = *param->index_elem;
        IndexKey key;
        if (elem.name != nullptr && elem.name[0] != '\0') {  // protobuf-c leaves unset strings as ""
            key.column = elem.name;
            create.columns.push_back(key.column);
        } else if (elem.expr != nullptr) {
            // The key list takes a function call bare and any other expression in parentheses.
            const bool bare = elem.expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL ||
                              elem.expr->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR;
            auto text = expression(elem.expr, ctx.text()).text;
            if (bare) text = through_call_arguments(text);
            create.columns.push_back(text);
            key.expression = bare ? text : "(" + text + ")";
            key.figured_name = figured_column_name(elem.expr);
        } else {
            continue;
        }
        key.options = index_key_options(elem);
        create.keys.push_back(std::move(key));
    }
    for (std::size_t i = 0; i < index.n_index_including_params; ++i) {
        const auto* param = index.index_including_params[i];
        if (param != nullptr && param->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && param->index_elem->name != nullptr) {
            create.include.emplace_back(param->index_elem->name);
        }
    }
    ctx.add(std::move(create));
}

void lower_drop(const PgQuery__DropStmt& drop, LowerContext& ctx) {
    const bool cascade = drop.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (std::size_t i = 0; i < drop.n_objects; ++i) {
        const auto name = qualified_name_of_list(drop.objects[i]);
        switch (drop.remove_type) {
            case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: ctx.add(DropTable{name, flag(drop.missing_ok), cascade}); break;
            case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
                ctx.add(DropIndex{name, {}, static_cast<bool>(drop.concurrent), flag(drop.missing_ok), cascade});
                break;
            case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
            case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: ctx.add(DropType{name, flag(drop.missing_ok), cascade}); break;
            case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: ctx.add(DropSchema{name.name, flag(drop.missing_ok), cascade}); break;
            default: ctx.add(Other{"DROP"}); return;  // one Other for the whole statement
        }
    }
}

void lower_rename(const PgQuery__RenameStmt& rename, LowerContext& ctx) {
    const auto table = qualified_name(rename.relation);
    const std::string sub = rename.subname != nullptr ? rename.subname : "";
    const std::string new_name = rename.newname != nullptr ? rename.newname : "";
    switch (rename.rename_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: ctx.add(RenameTable{table, new_name}); return;
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
            if (rename.relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
                ctx.add(RenameColumn{table, sub, new_name});
                return;
            }
            break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: ctx.add(RenameConstraint{table, sub, new_name}); return;
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: ctx.add(RenameSchema{sub, new_name}); return;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
            ctx.add(RenameType{qualified_name_of_list(rename.object), new_name});
            return;
        default: break;
    }
    ctx.add(Other{"ALTER ... RENAME"});
}

}  // namespace miglint::sql

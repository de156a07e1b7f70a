// Indexes, drops and renames.
#include "sql/lowering.hpp"

namespace miglint::sql {

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
        if (elem.name != nullptr && elem.name[0] != '\0') {  // protobuf-c leaves unset strings as ""
            create.columns.emplace_back(elem.name);
        } else if (elem.expr != nullptr) {
            create.columns.push_back(expression(elem.expr, ctx.text()).text);
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
        default: break;
    }
    ctx.add(Other{"ALTER ... RENAME"});
}

}  // namespace miglint::sql

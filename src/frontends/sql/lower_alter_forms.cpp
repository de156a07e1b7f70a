// The ALTER TABLE subcommands the rules have no operation for, with the lock
// PostgreSQL 15 takes for each (the "ALTER TABLE" page: ACCESS EXCLUSIVE
// "unless explicitly noted"; tests/test_lock_truth.cpp checks every form
// here against a real server).
#include "sql/lowering.hpp"

#include <string_view>

namespace miglint::sql {
namespace {

constexpr std::string_view k_access_exclusive = "ACCESS EXCLUSIVE";
constexpr std::string_view k_share_row_exclusive = "SHARE ROW EXCLUSIVE";
constexpr std::string_view k_share_update_exclusive = "SHARE UPDATE EXCLUSIVE";

struct Form {
    std::string_view what;
    std::string_view lock;
    bool rewrites = false;
};

// Storage parameters whose change takes only SHARE UPDATE EXCLUSIVE (the lock
// levels in PostgreSQL's reloptions.c); any other, such as
// user_catalog_table, takes ACCESS EXCLUSIVE.
bool is_light_storage_parameter(std::string_view name) {
    return name == "fillfactor" || name == "toast_tuple_target" || name == "parallel_workers" ||
           name == "vacuum_index_cleanup" || name == "vacuum_truncate" || name == "log_autovacuum_min_duration" ||
           name.starts_with("autovacuum_");
}

// SET (...) / RESET (...) of storage parameters: the strongest lock any of them needs.
std::string_view storage_parameters_lock(const Node* def) {
    if (def == nullptr || def->node_case != PG_QUERY__NODE__NODE_LIST) return k_access_exclusive;
    const auto& list = *def->list;
    for (std::size_t i = 0; i < list.n_items; ++i) {
        const auto* item = list.items[i];
        if (item == nullptr || item->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || item->def_elem->defname == nullptr) {
            return k_access_exclusive;
        }
        if (!is_light_storage_parameter(item->def_elem->defname)) return k_access_exclusive;
    }
    return k_share_update_exclusive;
}

std::optional<Form> form_of(const PgQuery__AlterTableCmd& cmd) {
    switch (cmd.subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser: return Form{"ENABLE TRIGGER", k_share_row_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser: return Form{"DISABLE TRIGGER", k_share_row_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule: return Form{"ENABLE RULE", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule: return Form{"DISABLE RULE", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: return Form{"ALTER COLUMN ... SET STATISTICS", k_share_update_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions: return Form{"ALTER COLUMN ... SET (...)", k_share_update_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions: return Form{"ALTER COLUMN ... RESET (...)", k_share_update_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: return Form{"ALTER COLUMN ... SET STORAGE", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression: return Form{"ALTER COLUMN ... SET COMPRESSION", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: return Form{"ALTER COLUMN ... DROP EXPRESSION", k_access_exclusive};
        // PostgreSQL 17: a stored generated column is recomputed into every row ("ALTER TABLE": SET EXPRESSION).
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetExpression:
            return Form{"ALTER COLUMN ... SET EXPRESSION", k_access_exclusive, true};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: return Form{"ALTER COLUMN ... ADD GENERATED AS IDENTITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: return Form{"ALTER COLUMN ... SET GENERATED", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: return Form{"ALTER COLUMN ... DROP IDENTITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: return Form{"ALTER CONSTRAINT", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn: return Form{"CLUSTER ON", k_share_update_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster: return Form{"SET WITHOUT CLUSTER", k_share_update_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: return Form{"SET (...)", storage_parameters_lock(cmd.def)};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: return Form{"RESET (...)", storage_parameters_lock(cmd.def)};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace: return Form{"SET TABLESPACE", k_access_exclusive, true};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: return Form{"SET LOGGED", k_access_exclusive, true};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: return Form{"SET UNLOGGED", k_access_exclusive, true};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod: return Form{"SET ACCESS METHOD", k_access_exclusive, true};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: return Form{"OWNER TO", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: return Form{"REPLICA IDENTITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: return Form{"ENABLE ROW LEVEL SECURITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: return Form{"DISABLE ROW LEVEL SECURITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: return Form{"FORCE ROW LEVEL SECURITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: return Form{"NO FORCE ROW LEVEL SECURITY", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: return Form{"INHERIT", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: return Form{"NO INHERIT", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf: return Form{"OF", k_access_exclusive};
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf: return Form{"NOT OF", k_access_exclusive};
        default: return std::nullopt;
    }
}

}  // namespace

std::optional<AlterTableForm> alter_table_form(const QualifiedName& table, const PgQuery__AlterTableCmd& cmd) {
    const auto form = form_of(cmd);
    if (!form) return std::nullopt;
    return AlterTableForm{table, std::string(form->what), std::string(form->lock), form->rewrites};
}

}  // namespace miglint::sql

// Each construct here was added in the release it names (the release notes
// of PostgreSQL 11 to 18, "Migration to Version N" and "Changes"); releases
// before it reject the statement. Only what a schema migration may contain is
// listed: the docs page of requires-newer-postgres names every entry.
#include "sql/newer_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace miglint::sql {
namespace {

constexpr PgVersion v(int major) {
    return PgVersion{major, 0};
}

bool is(const char* text, std::string_view expected) {
    return text != nullptr && expected == text;
}

bool has_def_elem(Node* const* items, std::size_t count, std::string_view name) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto* item = items[i];
        if (item != nullptr && item->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && is(item->def_elem->defname, name)) {
            return true;
        }
    }
    return false;
}

// Walks every message of a statement's tree once, without recursion (a tree
// can be as deep as the nesting guard admits), and reports what it finds.
class Finder {
public:
    explicit Finder(const StatementText& text) : m_text(&text) {}

    std::vector<NewerSyntax> run(const Node* statement) {
        if (statement == nullptr) return {};
        // Most statements are DDL whose newer syntax sits in the statement itself, its columns and
        // its constraints: those are read directly. The walk over every node of the tree, which
        // costs as much as a tenth of the parse, runs only when the text may hold an expression-level
        // construct (a subquery, SQL/JSON, a WITH query, FETCH ... WITH TIES, a 0x / 1_000 literal).
        if (!may_nest_newer_syntax(m_text->file_text.substr(m_text->span.begin, m_text->span.size()))) {
            visit_shallow(*statement);
            return std::move(m_found);
        }
        m_pending.push_back(&statement->base);
        while (!m_pending.empty()) {
            const auto* message = m_pending.back();
            m_pending.pop_back();
            if (message->descriptor == &pg_query__node__descriptor) {
                visit(*reinterpret_cast<const Node*>(message));
            }
            push_children(message);
        }
        return std::move(m_found);
    }

private:
    // The statement, its table elements or ALTER TABLE subcommands, their column definitions and constraints.
    void visit_shallow(const Node& statement) {
        visit(statement);
        const auto visit_column_or_constraint = [&](const Node* node) {
            if (node == nullptr) return;
            visit(*node);
            if (node->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) return;
            for (std::size_t i = 0; i < node->column_def->n_constraints; ++i) {
                if (node->column_def->constraints[i] != nullptr) visit(*node->column_def->constraints[i]);
            }
        };
        if (statement.node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
            const auto& create = *statement.create_stmt;
            for (std::size_t i = 0; i < create.n_table_elts; ++i) visit_column_or_constraint(create.table_elts[i]);
            for (std::size_t i = 0; i < create.n_constraints; ++i) visit_column_or_constraint(create.constraints[i]);
        } else if (statement.node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
            const auto& alter = *statement.alter_table_stmt;
            for (std::size_t i = 0; i < alter.n_cmds; ++i) {
                const auto* cmd = alter.cmds[i];
                if (cmd == nullptr) continue;
                visit(*cmd);
                if (cmd->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                    visit_column_or_constraint(cmd->alter_table_cmd->def);
            }
        } else if (statement.node_case == PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT) {
            const auto& domain = *statement.create_domain_stmt;
            for (std::size_t i = 0; i < domain.n_constraints; ++i) visit_column_or_constraint(domain.constraints[i]);
        } else if (statement.node_case == PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT) {
            visit_column_or_constraint(statement.alter_domain_stmt->def);
        } else if (statement.node_case == PG_QUERY__NODE__NODE_MERGE_STMT) {
            const auto& merge_stmt = *statement.merge_stmt;
            for (std::size_t i = 0; i < merge_stmt.n_merge_when_clauses; ++i)
                visit_column_or_constraint(merge_stmt.merge_when_clauses[i]);
        } else if (statement.node_case == PG_QUERY__NODE__NODE_GRANT_STMT) {
            const auto& grant = *statement.grant_stmt;
            for (std::size_t i = 0; i < grant.n_privileges; ++i) visit_column_or_constraint(grant.privileges[i]);
        } else if (statement.node_case == PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT ||
                   statement.node_case == PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT) {
            const bool create = statement.node_case == PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT;
            const auto count = create ? statement.create_publication_stmt->n_pubobjects
                                      : statement.alter_publication_stmt->n_pubobjects;
            auto* const* objects =
                create ? statement.create_publication_stmt->pubobjects : statement.alter_publication_stmt->pubobjects;
            for (std::size_t i = 0; i < count; ++i) visit_column_or_constraint(objects[i]);
        }
    }

    const StatementText* m_text;
    std::vector<const ProtobufCMessage*> m_pending;
    std::vector<NewerSyntax> m_found;

    void found(PgVersion since, std::string what, std::int32_t location, std::string instead = {}) {
        // One finding per construct and statement: a list of ten hex literals is one thing to fix.
        const bool seen =
            std::any_of(m_found.begin(), m_found.end(), [&](const NewerSyntax& f) { return f.what == what; });
        if (!seen) m_found.push_back({since, std::move(what), std::move(instead), offset_of(location, *m_text)});
    }

    void push_children(const ProtobufCMessage* message) {
        const auto* descriptor = message->descriptor;
        const auto* base = reinterpret_cast<const char*>(message);
        if (descriptor == &pg_query__node__descriptor) {
            // A Node is a oneof over every node type: only its set member is read.
            const auto node_case = reinterpret_cast<const Node*>(message)->node_case;
            const auto* field = protobuf_c_message_descriptor_get_field(descriptor, static_cast<unsigned>(node_case));
            if (field == nullptr) return;
            const auto* child = *reinterpret_cast<ProtobufCMessage* const*>(base + field->offset);
            if (child != nullptr) m_pending.push_back(child);
            return;
        }
        for (unsigned i = 0; i < descriptor->n_fields; ++i) {
            const auto& field = descriptor->fields[i];
            if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
            if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0 &&
                *reinterpret_cast<const std::uint32_t*>(base + field.quantifier_offset) != field.id) {
                continue;
            }
            if (field.label == PROTOBUF_C_LABEL_REPEATED) {
                const auto count = *reinterpret_cast<const std::size_t*>(base + field.quantifier_offset);
                const auto* items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + field.offset);
                for (std::size_t k = count; k > 0; --k) {
                    if (items[k - 1] != nullptr) m_pending.push_back(items[k - 1]);
                }
            } else if (const auto* child = *reinterpret_cast<ProtobufCMessage* const*>(base + field.offset)) {
                m_pending.push_back(child);
            }
        }
    }

    void visit(const Node& node) {
        switch (node.node_case) {
            case PG_QUERY__NODE__NODE_CONSTRAINT:
                constraint(*node.constraint);
                break;
            case PG_QUERY__NODE__NODE_COLUMN_DEF:
                if (node.column_def->compression != nullptr && node.column_def->compression[0] != '\0') {
                    found(v(14), "a column COMPRESSION clause", node.column_def->location);
                }
                break;
            case PG_QUERY__NODE__NODE_CREATE_STMT:
                create_table(*node.create_stmt);
                break;
            case PG_QUERY__NODE__NODE_ALTER_TABLE_CMD:
                alter_table(*node.alter_table_cmd);
                break;
            case PG_QUERY__NODE__NODE_INDEX_STMT: {
                const auto& index = *node.index_stmt;
                const auto at = index.relation != nullptr ? index.relation->location : -1;
                if (index.n_index_including_params > 0) found(v(11), "an index INCLUDE clause", at);
                if (flag(index.nulls_not_distinct)) found(v(15), "UNIQUE NULLS NOT DISTINCT", at);
                break;
            }
            case PG_QUERY__NODE__NODE_MERGE_STMT:
                merge(*node.merge_stmt);
                break;
            case PG_QUERY__NODE__NODE_MERGE_WHEN_CLAUSE:
                if (node.merge_when_clause->match_kind ==
                    PG_QUERY__MERGE_MATCH_KIND__MERGE_WHEN_NOT_MATCHED_BY_SOURCE) {
                    found(v(17), "MERGE ... WHEN NOT MATCHED BY SOURCE", -1);
                }
                break;
            case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
                if (node.range_subselect->alias == nullptr) {
                    found(v(16), "a subquery in FROM without an alias", -1,
                          "give the subquery an alias: FROM (SELECT ...) AS sub");
                }
                break;
            case PG_QUERY__NODE__NODE_SELECT_STMT:
                if (node.select_stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
                    found(v(13), "FETCH FIRST ... WITH TIES", -1);
                }
                break;
            case PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR: {
                const auto& cte = *node.common_table_expr;
                if (cte.search_clause != nullptr || cte.cycle_clause != nullptr) {
                    found(v(14), "a SEARCH or CYCLE clause on a WITH query", cte.location);
                }
                if (cte.ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways ||
                    cte.ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever) {
                    found(v(12), "WITH ... AS [NOT] MATERIALIZED", cte.location);
                }
                break;
            }
            case PG_QUERY__NODE__NODE_A_CONST:
                number(*node.a_const);
                break;
            case PG_QUERY__NODE__NODE_JSON_IS_PREDICATE:
                found(v(16), "the IS JSON predicate", node.json_is_predicate->location);
                break;
            case PG_QUERY__NODE__NODE_JSON_OBJECT_CONSTRUCTOR:
            case PG_QUERY__NODE__NODE_JSON_ARRAY_CONSTRUCTOR:
            case PG_QUERY__NODE__NODE_JSON_ARRAY_QUERY_CONSTRUCTOR:
            case PG_QUERY__NODE__NODE_JSON_OBJECT_AGG:
            case PG_QUERY__NODE__NODE_JSON_ARRAY_AGG:
                found(v(16), "a SQL/JSON constructor (JSON_OBJECT, JSON_ARRAY, JSON_OBJECTAGG, JSON_ARRAYAGG)", -1,
                      "use json_build_object / json_build_array / json_object_agg / json_agg");
                break;
            case PG_QUERY__NODE__NODE_JSON_TABLE:
                found(v(17), "JSON_TABLE", node.json_table->location);
                break;
            case PG_QUERY__NODE__NODE_JSON_FUNC_EXPR:
                found(v(17), "a SQL/JSON query function (JSON_QUERY, JSON_VALUE, JSON_EXISTS)",
                      node.json_func_expr->location, "use jsonb_path_query_first / jsonb_path_exists");
                break;
            case PG_QUERY__NODE__NODE_JSON_PARSE_EXPR:
            case PG_QUERY__NODE__NODE_JSON_SCALAR_EXPR:
            case PG_QUERY__NODE__NODE_JSON_SERIALIZE_EXPR:
                found(v(17), "a SQL/JSON function JSON(), JSON_SCALAR() or JSON_SERIALIZE()", -1);
                break;
            case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
                if (is(node.variable_set_stmt->name, "transaction_timeout")) {
                    found(v(17), "the transaction_timeout setting", node.variable_set_stmt->location,
                          "bound each statement with statement_timeout instead");
                }
                break;
            case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
                if (flag(node.create_trig_stmt->replace)) {
                    found(v(14), "CREATE OR REPLACE TRIGGER", -1, "DROP TRIGGER IF EXISTS, then CREATE TRIGGER");
                }
                break;
            case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
                if (flag(node.create_function_stmt->is_procedure)) found(v(11), "CREATE PROCEDURE", -1);
                if (node.create_function_stmt->sql_body != nullptr) {
                    found(v(14), "a SQL-standard function body (BEGIN ATOMIC or RETURN)", -1,
                          "write the body as a string: AS $$ ... $$");
                }
                break;
            case PG_QUERY__NODE__NODE_CALL_STMT:
                found(v(11), "CALL", -1);
                break;
            case PG_QUERY__NODE__NODE_REINDEX_STMT:
                reindex(*node.reindex_stmt);
                break;
            case PG_QUERY__NODE__NODE_VACUUM_STMT:
                vacuum(*node.vacuum_stmt);
                break;
            case PG_QUERY__NODE__NODE_DROPDB_STMT:
                if (node.dropdb_stmt->n_options > 0) found(v(13), "DROP DATABASE ... WITH (FORCE)", -1);
                break;
            case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
                if (has_def_elem(node.grant_role_stmt->opt, node.grant_role_stmt->n_opt, "inherit") ||
                    has_def_elem(node.grant_role_stmt->opt, node.grant_role_stmt->n_opt, "set")) {
                    found(v(16), "GRANT role WITH INHERIT / SET", -1);
                }
                break;
            case PG_QUERY__NODE__NODE_GRANT_STMT:
                if (node.grant_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PARAMETER_ACL) {
                    found(v(15), "GRANT ... ON PARAMETER", -1);
                }
                break;
            case PG_QUERY__NODE__NODE_ACCESS_PRIV:
                if (is(node.access_priv->priv_name, "maintain")) found(v(17), "the MAINTAIN privilege", -1);
                break;
            case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
                if (node.create_stats_stmt->n_defnames == 0) found(v(16), "CREATE STATISTICS without a name", -1);
                break;
            case PG_QUERY__NODE__NODE_VIEW_STMT:
                if (has_def_elem(node.view_stmt->options, node.view_stmt->n_options, "security_invoker")) {
                    found(v(15), "the security_invoker view option", -1);
                }
                break;
            case PG_QUERY__NODE__NODE_PUBLICATION_OBJ_SPEC: {
                const auto& spec = *node.publication_obj_spec;
                if (spec.pubobjtype == PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_TABLES_IN_SCHEMA ||
                    spec.pubobjtype == PG_QUERY__PUBLICATION_OBJ_SPEC_TYPE__PUBLICATIONOBJ_TABLES_IN_CUR_SCHEMA) {
                    found(v(15), "a publication FOR TABLES IN SCHEMA", spec.location);
                }
                if (spec.pubtable != nullptr &&
                    (spec.pubtable->where_clause != nullptr || spec.pubtable->n_columns > 0)) {
                    found(v(15), "a publication's column list or row filter", spec.location);
                }
                break;
            }
            default:
                break;
        }
    }

    void constraint(const PgQuery__Constraint& c) {
        const auto at = c.location;
        if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
            // NOT VALID is only allowed on this form, so it needs no finding of its own.
            if (c.n_keys > 0) {
                found(v(18), "a NOT NULL constraint on its own (CONSTRAINT name NOT NULL column)", at,
                      "write ALTER TABLE ... ALTER COLUMN column SET NOT NULL, or NOT NULL on the column");
            }
            if (flag(c.is_no_inherit)) found(v(18), "NO INHERIT on a NOT NULL constraint", at);
        }
        if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED) {
            if (is(c.generated_kind, "v")) {
                found(v(18), "a virtual generated column (GENERATED ALWAYS AS (...) without STORED)", at,
                      "write GENERATED ALWAYS AS (...) STORED, which computes and stores the value on every write");
            } else {
                found(v(12), "a generated column", at);
            }
        }
        if ((c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK || c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) &&
            !flag(c.is_enforced)) {
            found(v(18), "a NOT ENFORCED constraint", at);
        }
        if (flag(c.without_overlaps) || flag(c.fk_with_period) || flag(c.pk_with_period)) {
            found(v(18), "a temporal constraint (WITHOUT OVERLAPS or PERIOD)", at);
        }
        if (flag(c.nulls_not_distinct)) found(v(15), "UNIQUE NULLS NOT DISTINCT", at);
        if (c.n_fk_del_set_cols > 0) found(v(15), "ON DELETE SET NULL / SET DEFAULT with a column list", at);
        if (c.n_including > 0) found(v(11), "an INCLUDE clause on a constraint", at);
    }

    void create_table(const PgQuery__CreateStmt& create) {
        const auto at = create.relation != nullptr ? create.relation->location : -1;
        if (create.access_method != nullptr && create.access_method[0] != '\0') {
            found(v(12), "CREATE TABLE ... USING an access method", at);
        }
        if (create.partspec != nullptr &&
            create.partspec->strategy == PG_QUERY__PARTITION_STRATEGY__PARTITION_STRATEGY_HASH) {
            found(v(11), "hash partitioning", create.partspec->location);
        }
        if (create.partbound != nullptr && flag(create.partbound->is_default)) {
            found(v(11), "a DEFAULT partition", create.partbound->location);
        }
    }

    void alter_table(const PgQuery__AlterTableCmd& cmd) {
        switch (cmd.subtype) {
            case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
                found(v(13), "ALTER COLUMN ... DROP EXPRESSION", -1);
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
                found(v(14), "ALTER COLUMN ... SET COMPRESSION", -1);
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
                found(v(14), "DETACH PARTITION ... FINALIZE", -1);
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
                if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
                    flag(cmd.def->partition_cmd->concurrent)) {
                    found(v(14), "DETACH PARTITION ... CONCURRENTLY", -1);
                }
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
                if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
                    cmd.def->partition_cmd->bound != nullptr && flag(cmd.def->partition_cmd->bound->is_default)) {
                    found(v(11), "a DEFAULT partition", cmd.def->partition_cmd->bound->location);
                }
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_SetExpression:
                found(v(17), "ALTER COLUMN ... SET EXPRESSION", -1, "drop the generated column and add it again");
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
                if (cmd.name == nullptr || cmd.name[0] == '\0')
                    found(v(17), "SET ACCESS METHOD DEFAULT", -1);
                else
                    found(v(15), "ALTER TABLE ... SET ACCESS METHOD", -1);
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint:
                if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_ATALTER_CONSTRAINT &&
                    (flag(cmd.def->atalter_constraint->alter_enforceability) ||
                     flag(cmd.def->atalter_constraint->alter_inheritability))) {
                    found(v(18), "ALTER CONSTRAINT ... [NOT] ENFORCED / [NO] INHERIT", -1);
                }
                break;
            case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
            case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
                if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_LIST &&
                    has_def_elem(cmd.def->list->items, cmd.def->list->n_items, "security_invoker")) {
                    found(v(15), "the security_invoker view option", -1);
                }
                break;
            default:
                break;
        }
    }

    void merge(const PgQuery__MergeStmt& merge_stmt) {
        found(v(15), "MERGE", merge_stmt.relation != nullptr ? merge_stmt.relation->location : -1,
              "write it as INSERT ... ON CONFLICT, or as separate UPDATE and INSERT statements");
        if (merge_stmt.returning_clause != nullptr && merge_stmt.returning_clause->n_exprs > 0) {
            found(v(17), "MERGE ... RETURNING", -1);
        }
    }

    void reindex(const PgQuery__ReindexStmt& reindex_stmt) {
        if (has_def_elem(reindex_stmt.params, reindex_stmt.n_params, "concurrently"))
            found(v(12), "REINDEX CONCURRENTLY", -1);
        if (has_def_elem(reindex_stmt.params, reindex_stmt.n_params, "tablespace"))
            found(v(14), "REINDEX (TABLESPACE ...)", -1);
        if ((reindex_stmt.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE ||
             reindex_stmt.kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM) &&
            (reindex_stmt.name == nullptr || reindex_stmt.name[0] == '\0')) {
            found(v(16), "REINDEX DATABASE / SYSTEM without a name", -1);
        }
    }

    void vacuum(const PgQuery__VacuumStmt& vacuum_stmt) {
        struct Option {
            std::string_view name;
            int since;
        };
        static constexpr Option k_options[] = {
            {"skip_locked", 12},        {"index_cleanup", 12},       {"truncate", 12},
            {"parallel", 13},           {"process_toast", 14},       {"process_main", 16},
            {"buffer_usage_limit", 16}, {"skip_database_stats", 16}, {"only_database_stats", 16},
        };
        for (const auto& option : k_options) {
            if (has_def_elem(vacuum_stmt.options, vacuum_stmt.n_options, option.name)) {
                found(v(option.since), "the VACUUM / ANALYZE option " + std::string(option.name), -1);
            }
        }
        for (std::size_t i = 0; i < vacuum_stmt.n_rels; ++i) {
            const auto* rel = vacuum_stmt.rels[i];
            if (rel != nullptr && rel->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION &&
                rel->vacuum_relation->relation != nullptr && !flag(rel->vacuum_relation->relation->inh)) {
                found(v(18), "VACUUM / ANALYZE ONLY", rel->vacuum_relation->relation->location);
            }
        }
    }

    // PostgreSQL 16 reads 0x1F, 0o17, 0b101 and 1_000_000; before it, `0x1F` is 0 with the alias x1F.
    void number(const PgQuery__AConst& constant) {
        if (constant.val_case != PG_QUERY__A__CONST__VAL_IVAL && constant.val_case != PG_QUERY__A__CONST__VAL_FVAL)
            return;
        if (constant.location < 0) return;
        const auto begin = offset_of(constant.location, *m_text);
        const auto text = m_text->file_text;
        if (begin >= text.size() || !std::isdigit(static_cast<unsigned char>(text[begin]))) return;
        std::size_t end = begin;
        while (end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' || text[end] == '.')) {
            ++end;
        }
        const auto literal = text.substr(begin, end - begin);
        const bool prefixed = literal.size() > 2 && literal[0] == '0' &&
                              std::string_view("xXoObB").find(literal[1]) != std::string_view::npos;
        if (prefixed || literal.find('_') != std::string_view::npos) {
            found(v(16), "a hexadecimal, octal or binary integer, or digits separated by _", constant.location,
                  "write the number in plain decimal digits");
        }
    }
};

}  // namespace

bool may_nest_newer_syntax(std::string_view text) {
    const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    const auto word_at = [&](std::size_t i, std::string_view word) {
        if (i + word.size() > text.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k) {
            if (lower(text[i + k]) != word[k]) return false;
        }
        return true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = lower(text[i]);
        const bool starts_word =
            i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_');
        if (c == 's' && starts_word && word_at(i, "select")) return true;
        if (c == 'v' && starts_word && word_at(i, "values")) return true;
        if (c == 'w' && starts_word && word_at(i, "with")) return true;
        if (c == 't' && starts_word && word_at(i, "ties")) return true;
        if (c == 'j' && word_at(i, "json")) return true;
        if (c == '0' && starts_word && i + 1 < text.size() &&
            std::string_view("xob").find(lower(text[i + 1])) != std::string_view::npos) {
            return true;
        }
        if (c == '_' && i > 0 && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
            std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
            return true;
        }
    }
    return false;
}

std::vector<NewerSyntax> find_newer_syntax(const Node* statement, const StatementText& text) {
    return Finder(text).run(statement);
}

}  // namespace miglint::sql

// The dispatcher from statement node to operations, and the smaller statements.
#include "sql/lowering.hpp"

#include "sql/char_class.hpp"
#include "sql/clause_tokens.hpp"
#include "sql/identifiers.hpp"

#include <algorithm>
#include <array>

namespace miglint::sql {
namespace {

std::string lock_mode_name(std::int32_t mode) {
    static constexpr std::array<std::string_view, 9> names{
        "", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
        "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};
    return mode >= 1 && mode <= 8 ? std::string(names[static_cast<std::size_t>(mode)]) : "ACCESS EXCLUSIVE";
}

std::string setting_value(const PgQuery__VariableSetStmt& set) {
    std::string value;
    for (std::size_t i = 0; i < set.n_args; ++i) {
        const auto* arg = set.args[i];
        if (arg == nullptr || arg->node_case != PG_QUERY__NODE__NODE_A_CONST) continue;
        const auto& c = *arg->a_const;
        if (!value.empty()) value += ", ";
        if (c.val_case == PG_QUERY__A__CONST__VAL_IVAL) value += std::to_string(c.ival->ival);
        else if (c.val_case == PG_QUERY__A__CONST__VAL_SVAL) value += c.sval->sval;
        else if (c.val_case == PG_QUERY__A__CONST__VAL_FVAL) value += c.fval->fval;
    }
    return value;
}

TransactionKind transaction_kind(PgQuery__TransactionStmtKind kind) {
    switch (kind) {
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: return TransactionKind::begin;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: return TransactionKind::commit;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: return TransactionKind::rollback;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: return TransactionKind::savepoint;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE: return TransactionKind::release;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: return TransactionKind::rollback_to;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE: return TransactionKind::prepare;
        default: return TransactionKind::commit_prepared;
    }
}

std::vector<QualifiedName> range_vars(Node* const* nodes, std::size_t count) {
    std::vector<QualifiedName> names;
    for (std::size_t i = 0; i < count; ++i) {
        if (nodes[i] == nullptr) continue;
        if (nodes[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) names.push_back(qualified_name(nodes[i]->range_var));
        if (nodes[i]->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION && nodes[i]->vacuum_relation != nullptr) {
            names.push_back(qualified_name(nodes[i]->vacuum_relation->relation));
        }
    }
    return names;
}

bool has_def_elem(Node* const* nodes, std::size_t count, std::string_view name) {
    for (std::size_t i = 0; i < count; ++i) {
        if (nodes[i] != nullptr && nodes[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            nodes[i]->def_elem->defname != nullptr && nodes[i]->def_elem->defname == name) {
            // `VACUUM (FULL false)` names the option but turns it off; the
            // grammar passes the word as a String ("false", "off") or a number.
            const auto* arg = nodes[i]->def_elem->arg;
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                arg->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL) {
                return arg->a_const->boolval->boolval;
            }
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
                return arg->a_const->ival->ival != 0;
            }
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return arg->integer->ival != 0;
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_STRING) {
                const auto word = chars::lowered(string_of(arg));
                return !(word == "false" || word == "off" || word == "no" || word == "0");
            }
            return true;
        }
    }
    return false;
}

std::string def_elem_string(Node* const* nodes, std::size_t count, std::string_view name) {
    for (std::size_t i = 0; i < count; ++i) {
        if (nodes[i] != nullptr && nodes[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            nodes[i]->def_elem->defname != nullptr && nodes[i]->def_elem->defname == name) {
            const auto* arg = nodes[i]->def_elem->arg;
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_STRING) return string_of(arg);
            if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_LIST && arg->list->n_items > 0) {
                return string_of(arg->list->items[0]);
            }
        }
    }
    return {};
}

void append_strings(const Node* node, std::vector<std::string>& out) {
    auto found = string_constants(node);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

void append_strings(Node* const* nodes, std::size_t count, std::vector<std::string>& out) {
    for (std::size_t i = 0; i < count; ++i) append_strings(nodes[i], out);
}

// The tokens of the statement outside parentheses and brackets (a pair at the
// top counts, what is inside it not), in file offsets; `has_parameter` is set
// when a $n parameter is anywhere in it.
std::vector<SqlToken> top_level_tokens(const StatementText& text, bool& has_parameter) {
    std::vector<SqlToken> out;
    const auto base = text.span.begin;
    int depth = 0;
    for (auto token : clause_tokens(text.file_text.substr(base, text.span.size()))) {
        has_parameter = has_parameter || token.token == PG_QUERY__TOKEN__PARAM;
        const bool opens = token.token == '(' || token.token == '[';
        const bool closes = token.token == ')' || token.token == ']';
        if (closes) --depth;
        if (depth == 0) out.push_back({token.token, base + token.begin, base + token.end});
        if (opens) ++depth;
    }
    return out;
}

// The text from the first of `tokens` to the end of the last.
WrittenPart text_of(const StatementText& text, const std::vector<SqlToken>& tokens) {
    if (tokens.empty()) return {};
    const Span span{tokens.front().begin, tokens.back().end};
    return {std::string(text.file_text.substr(span.begin, span.size())), span};
}

// An UPDATE's or DELETE's top-level tokens cut at its clause keywords: what
// follows SET (UPDATE), FROM (UPDATE) or USING (DELETE), and WHERE, up to the
// next clause (RETURNING ends the last).
// `relation` is the table's name as written (no ONLY, no alias).
struct Clauses {
    std::vector<SqlToken> with, relation, set, from, where;
};

Clauses clauses_of(const std::vector<SqlToken>& tokens) {
    Clauses out;
    // WITH ... until the statement's own UPDATE or DELETE.
    std::size_t at = 0;
    if (!tokens.empty() && tokens.front().token == PG_QUERY__TOKEN__WITH) {
        while (at < tokens.size() && tokens[at].token != PG_QUERY__TOKEN__UPDATE && tokens[at].token != PG_QUERY__TOKEN__DELETE_P) {
            out.with.push_back(tokens[at++]);
        }
    }
    // UPDATE [ONLY] name, DELETE FROM [ONLY] name: a name is words joined by dots.
    for (const int word : {PG_QUERY__TOKEN__UPDATE, PG_QUERY__TOKEN__DELETE_P, PG_QUERY__TOKEN__FROM, PG_QUERY__TOKEN__ONLY}) {
        if (at < tokens.size() && tokens[at].token == word) ++at;
    }
    if (at < tokens.size()) out.relation.push_back(tokens[at++]);
    while (at + 1 < tokens.size() && tokens[at].token == '.') {
        out.relation.push_back(tokens[at++]);
        out.relation.push_back(tokens[at++]);
    }
    std::vector<SqlToken>* into = nullptr;
    for (std::size_t i = at; i < tokens.size(); ++i) {
        const auto token = tokens[i].token;
        // `a IS DISTINCT FROM b` in a SET expression is no FROM clause.
        const bool from = token == PG_QUERY__TOKEN__FROM && !(i > 0 && tokens[i - 1].token == PG_QUERY__TOKEN__DISTINCT);
        if (token == PG_QUERY__TOKEN__RETURNING) break;
        if (token == PG_QUERY__TOKEN__SET && into == nullptr) into = &out.set;
        else if (from && into == &out.set) into = &out.from;
        else if (token == PG_QUERY__TOKEN__USING && into == nullptr) into = &out.from;
        else if (token == PG_QUERY__TOKEN__WHERE && into != &out.where) into = &out.where;
        else if (into != nullptr) into->push_back(tokens[i]);
    }
    return out;
}

// The columns `where` requires to be NULL: `col IS NULL`, alone or joined by AND.
void null_tested_columns(const Node* where, std::vector<std::string>& out, int depth) {
    if (where == nullptr || depth > 64) return;
    if (where->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && where->bool_expr != nullptr &&
        where->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        for (std::size_t i = 0; i < where->bool_expr->n_args; ++i) null_tested_columns(where->bool_expr->args[i], out, depth + 1);
    }
    if (where->node_case == PG_QUERY__NODE__NODE_NULL_TEST && where->null_test != nullptr &&
        where->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL) {
        const auto* arg = where->null_test->arg;
        if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && arg->column_ref->n_fields > 0) {
            const auto* last = arg->column_ref->fields[arg->column_ref->n_fields - 1];
            if (last != nullptr && last->node_case == PG_QUERY__NODE__NODE_STRING) out.push_back(string_of(last));
        }
    }
}

// The SET list's assignments: each top-level `column = expression` of the
// list, with the facts of the tree's value and the text as written. A
// target that is not a plain column (SET (a, b) = ..., SET a[1] = ...) or
// whose value is DEFAULT keeps its column with no text.
std::vector<Assignment> assignments_of(const PgQuery__UpdateStmt& update, const std::vector<SqlToken>& set,
                                       const StatementText& text) {
    std::vector<std::vector<SqlToken>> pieces(1);
    for (const auto& token : set) {
        if (token.token == ',') pieces.emplace_back();
        else pieces.back().push_back(token);
    }
    std::vector<Assignment> out;
    for (std::size_t i = 0; i < update.n_target_list; ++i) {
        const auto* target = update.target_list[i];
        if (target == nullptr || target->node_case != PG_QUERY__NODE__NODE_RES_TARGET || target->res_target->name == nullptr) continue;
        const auto& res = *target->res_target;
        Assignment assignment{res.name, expression(res.val, text)};
        assignment.value.text.clear();
        // With a multiple-column assignment the pieces are fewer than the targets, and none is read.
        const bool plain = pieces.size() == update.n_target_list && res.n_indirection == 0 && res.val != nullptr &&
                           res.val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT &&
                           res.val->node_case != PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF;
        const auto& piece = pieces[std::min(i, pieces.size() - 1)];
        if (plain && piece.size() >= 3 && piece[1].token == '=') {
            auto value = text_of(text, {piece.begin() + 2, piece.end()});
            assignment.value.text = std::move(value.text);
            assignment.value.span = value.span;
        }
        out.push_back(std::move(assignment));
    }
    return out;
}

// True when every query of `with` is a SELECT: running it again changes nothing.
bool only_selects(const PgQuery__WithClause& with) {
    for (std::size_t i = 0; i < with.n_ctes; ++i) {
        const auto* cte = with.ctes[i];
        if (cte == nullptr || cte->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR || cte->common_table_expr->ctequery == nullptr ||
            cte->common_table_expr->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            return false;
        }
    }
    return true;
}

// The UPDATE or DELETE as written, or nothing when it cannot be run again as
// it stands: a WITH query that changes data, WHERE CURRENT OF, or a parameter.
HeapOptional<WrittenChange> written_change(const Node* statement, const StatementText& text) {
    const bool update = statement->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT;
    const auto* relation = update ? statement->update_stmt->relation : statement->delete_stmt->relation;
    const auto* where = update ? statement->update_stmt->where_clause : statement->delete_stmt->where_clause;
    const auto* with = update ? statement->update_stmt->with_clause : statement->delete_stmt->with_clause;
    if ((with != nullptr && !only_selects(*with)) || relation == nullptr ||
        (where != nullptr && where->node_case == PG_QUERY__NODE__NODE_CURRENT_OF_EXPR)) {
        return std::nullopt;
    }
    bool has_parameter = false;
    const auto tokens = top_level_tokens(text, has_parameter);
    if (has_parameter || tokens.empty()) return std::nullopt;
    const auto clauses = clauses_of(tokens);
    WrittenChange out;
    out.only = !flag(relation->inh);
    out.alias = relation->alias != nullptr && relation->alias->aliasname != nullptr ? relation->alias->aliasname : "";
    out.with = text_of(text, clauses.with);
    if (out.with.empty() != (with == nullptr)) return std::nullopt;
    out.relation = text_of(text, clauses.relation);
    out.from = text_of(text, clauses.from);
    out.where = text_of(text, clauses.where);
    null_tested_columns(where, out.null_in_where, 0);
    if (update) {
        out.set = text_of(text, clauses.set);
        out.assignments = assignments_of(*statement->update_stmt, clauses.set, text);
        if (out.set.empty()) return std::nullopt;
    }
    if (out.relation.empty()) return std::nullopt;
    // The tree and the tokens must agree on what is there.
    if (out.where.empty() != (where == nullptr)) return std::nullopt;
    return out;
}

void lower_data_change(const Node* statement, LowerContext& ctx) {
    DataChange change;
    switch (statement->node_case) {
        case PG_QUERY__NODE__NODE_UPDATE_STMT: {
            const auto& update = *statement->update_stmt;
            change.kind = DataChange::Kind::update;
            change.table = qualified_name(update.relation);
            change.has_where = update.where_clause != nullptr;
            append_strings(update.target_list, update.n_target_list, change.strings);
            append_strings(update.where_clause, change.strings);
            for (std::size_t i = 0; i < update.n_target_list; ++i) {
                const auto* target = update.target_list[i];
                if (target != nullptr && target->node_case == PG_QUERY__NODE__NODE_RES_TARGET && target->res_target->name) {
                    change.columns_set.emplace_back(target->res_target->name);
                }
            }
            change.written = written_change(statement, ctx.text());
            break;
        }
        case PG_QUERY__NODE__NODE_DELETE_STMT:
            change.kind = DataChange::Kind::delete_;
            change.table = qualified_name(statement->delete_stmt->relation);
            change.has_where = statement->delete_stmt->where_clause != nullptr;
            append_strings(statement->delete_stmt->where_clause, change.strings);
            change.written = written_change(statement, ctx.text());
            break;
        default: {
            const auto& insert = *statement->insert_stmt;
            change.kind = DataChange::Kind::insert;
            change.table = qualified_name(insert.relation);
            if (insert.select_stmt != nullptr && insert.select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
                const auto& select = *insert.select_stmt->select_stmt;  // VALUES (...) or SELECT ...
                append_strings(select.values_lists, select.n_values_lists, change.strings);
                append_strings(select.target_list, select.n_target_list, change.strings);
                append_strings(select.where_clause, change.strings);
            }
            for (std::size_t i = 0; i < insert.n_cols; ++i) {
                const auto* col = insert.cols[i];
                if (col != nullptr && col->node_case == PG_QUERY__NODE__NODE_RES_TARGET && col->res_target->name) {
                    change.columns_set.emplace_back(col->res_target->name);
                }
            }
            break;
        }
    }
    ctx.add(std::move(change));
}

void lower_alter_enum(const PgQuery__AlterEnumStmt& alter, LowerContext& ctx) {
    const auto type = qualified_name(alter.type_name, alter.n_type_name);
    if (alter.old_val != nullptr && alter.old_val[0] != '\0') {
        ctx.add(AlterEnumRenameValue{type, alter.old_val, alter.new_val != nullptr ? alter.new_val : ""});
        return;
    }
    AlterEnumAddValue add;
    add.type = type;
    add.value = alter.new_val != nullptr ? alter.new_val : "";
    add.neighbour = alter.new_val_neighbor != nullptr ? alter.new_val_neighbor : "";
    add.before = !add.neighbour.empty() && !alter.new_val_is_after;
    add.if_not_exists = alter.skip_if_new_val_exists;
    ctx.add(std::move(add));
}

void lower_domain(const PgQuery__CreateDomainStmt& create, LowerContext& ctx) {
    CreateDomain domain;
    domain.domain = qualified_name(create.domainname, create.n_domainname);
    domain.base = type_ref(create.type_name, ctx.text());
    for (std::size_t i = 0; i < create.n_constraints; ++i) {
        const auto* c = create.constraints[i];
        if (c != nullptr && c->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            c->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
            domain.has_constraint = true;
        }
    }
    ctx.add(std::move(domain));
}

}  // namespace

void LowerContext::add(OperationData data, Span span) {
    Operation op;
    op.data = std::move(data);
    op.span = span;
    op.statement = m_statement;
    m_out->push_back(std::move(op));
}

void lower_statement(const Node* statement, LowerContext& ctx) {
    if (statement == nullptr) return;
    switch (statement->node_case) {
        case PG_QUERY__NODE__NODE_CREATE_STMT: lower_create_table(*statement->create_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: lower_alter_table(*statement->alter_table_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_INDEX_STMT: lower_index(*statement->index_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_DROP_STMT: lower_drop(*statement->drop_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_RENAME_STMT: lower_rename(*statement->rename_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
            const auto& create = *statement->create_enum_stmt;
            ctx.add(CreateEnum{qualified_name(create.type_name, create.n_type_name), strings_of(create.vals, create.n_vals), false});
            return;
        }
        case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
            const auto& create = *statement->create_schema_stmt;
            // CREATE SCHEMA AUTHORIZATION role names the schema after the role.
            std::string name = create.schemaname != nullptr ? create.schemaname : "";
            if (name.empty() && create.authrole != nullptr && create.authrole->rolename != nullptr) name = create.authrole->rolename;
            ctx.add(CreateSchema{name, flag(create.if_not_exists)});
            return;
        }
        case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: lower_alter_enum(*statement->alter_enum_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: lower_domain(*statement->create_domain_stmt, ctx); return;
        case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: {
            const auto& alter = *statement->alter_domain_stmt;
            if (alter.subtype != nullptr && alter.subtype[0] == 'C' && alter.def != nullptr &&
                alter.def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
                ctx.add(AlterDomainAddConstraint{qualified_name(alter.type_name, alter.n_type_name),
                                                 constraint(*alter.def->constraint, ctx.text())});
                return;
            }
            ctx.add(Other{"ALTER DOMAIN"});
            return;
        }
        case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
            ctx.add(Transaction{transaction_kind(statement->transaction_stmt->kind)});
            return;
        case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: {
            const auto& set = *statement->variable_set_stmt;
            SetSetting setting;
            setting.name = chars::lowered(set.name != nullptr ? set.name : "");
            setting.value = setting_value(set);
            setting.local = set.is_local;
            setting.reset = set.kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
                            set.kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL ||
                            set.kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT;
            ctx.add(std::move(setting));
            return;
        }
        case PG_QUERY__NODE__NODE_UPDATE_STMT:
        case PG_QUERY__NODE__NODE_DELETE_STMT:
        case PG_QUERY__NODE__NODE_INSERT_STMT: lower_data_change(statement, ctx); return;
        case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
            const auto& truncate = *statement->truncate_stmt;
            ctx.add(Truncate{range_vars(truncate.relations, truncate.n_relations),
                             truncate.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE});
            return;
        }
        case PG_QUERY__NODE__NODE_LOCK_STMT: {
            const auto& lock = *statement->lock_stmt;
            ctx.add(LockTable{range_vars(lock.relations, lock.n_relations), lock_mode_name(lock.mode)});
            return;
        }
        case PG_QUERY__NODE__NODE_VACUUM_STMT: {
            const auto& vacuum = *statement->vacuum_stmt;
            ctx.add(Vacuum{range_vars(vacuum.rels, vacuum.n_rels), has_def_elem(vacuum.options, vacuum.n_options, "full"),
                           !vacuum.is_vacuumcmd});
            return;
        }
        case PG_QUERY__NODE__NODE_CLUSTER_STMT: ctx.add(Cluster{qualified_name(statement->cluster_stmt->relation)}); return;
        case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
            const auto& refresh = *statement->refresh_mat_view_stmt;
            ctx.add(RefreshMatView{qualified_name(refresh.relation), static_cast<bool>(refresh.concurrent)});
            return;
        }
        case PG_QUERY__NODE__NODE_REINDEX_STMT: {
            const auto& reindex = *statement->reindex_stmt;
            ReindexOp op;
            switch (reindex.kind) {
                case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE: op.target = ReindexOp::Target::table; break;
                case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA: op.target = ReindexOp::Target::schema; break;
                case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE: op.target = ReindexOp::Target::database; break;
                case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM: op.target = ReindexOp::Target::system; break;
                default: op.target = ReindexOp::Target::index; break;
            }
            op.name = reindex.relation != nullptr ? qualified_name(reindex.relation)
                                                  : QualifiedName{"", reindex.name != nullptr ? reindex.name : ""};
            op.concurrently = has_def_elem(reindex.params, reindex.n_params, "concurrently");
            ctx.add(std::move(op));
            return;
        }
        case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
            const auto& create = *statement->create_function_stmt;
            const auto volatility = def_elem_string(create.options, create.n_options, "volatility");
            ctx.add(CreateFunction{qualified_name(create.funcname, create.n_funcname),
                                   def_elem_string(create.options, create.n_options, "language"),
                                   volatility == "immutable" ? Volatility::immutable
                                   : volatility == "stable"  ? Volatility::stable
                                                             : Volatility::volatile_});
            return;
        }
        case PG_QUERY__NODE__NODE_DO_STMT: {
            const auto& block = *statement->do_stmt;
            auto language = def_elem_string(block.args, block.n_args, "language");
            ctx.add(DoBlock{language.empty() ? "plpgsql" : language});
            return;
        }
        case PG_QUERY__NODE__NODE_DROPDB_STMT:
            ctx.add(DropDatabase{statement->dropdb_stmt->dbname != nullptr ? statement->dropdb_stmt->dbname : ""});
            return;
        case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
            const auto& create = *statement->create_table_as_stmt;
            if (create.objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && create.into != nullptr) {
                CreateTable table;
                table.table = qualified_name(create.into->rel);
                table.as_select = true;
                table.if_not_exists = flag(create.if_not_exists);
                // CREATE TEMP TABLE ... AS vanishes with the session, like CREATE TEMP TABLE.
                const auto* rel = create.into->rel;
                table.temporary = rel != nullptr && rel->relpersistence != nullptr && rel->relpersistence[0] == 't';
                ctx.add(std::move(table));
                return;
            }
            ctx.add(Other{"CREATE MATERIALIZED VIEW"});
            return;
        }
        case PG_QUERY__NODE__NODE_SELECT_STMT: lower_select(*statement->select_stmt, ctx); return;
        default: ctx.add(Other{"statement"}); return;
    }
}

}  // namespace miglint::sql

#include "alembic/op_lowering.hpp"

#include "alembic/core_statements.hpp"
#include "alembic/ddl_constructs.hpp"
#include "alembic/embedded_sql.hpp"
#include "alembic/op_lowering_detail.hpp"

#include <miglint/finding.hpp>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

namespace miglint::alembic {
namespace detail {

std::string OpCall::string(std::string_view param) const {
    const Node node = arg(param);
    if (!node) return {};
    return eval.string_of(node, scope).value_or("");
}

std::optional<bool> OpCall::boolean(std::string_view param) const {
    const Node node = arg(param);
    if (!node) return std::nullopt;
    return eval.bool_of(node, scope);
}

QualifiedName OpCall::table(std::string_view param, std::string_view schema_param) const {
    if (batch_table) return *batch_table;
    return QualifiedName{string(schema_param), string(param)};
}

}  // namespace detail

namespace {

// Alembic's positional parameters for an op, and for its batch_op form
// (which drops the table argument).
struct Signature {
    std::string_view name;
    std::initializer_list<std::string_view> op;
    std::initializer_list<std::string_view> batch;
};

const Signature k_signatures[] = {
    {"create_table", {"table_name"}, {}},
    {"drop_table", {"table_name"}, {}},
    {"rename_table", {"old_table_name", "new_table_name"}, {}},
    {"add_column", {"table_name", "column"}, {"column"}},
    {"drop_column", {"table_name", "column_name"}, {"column_name"}},
    {"alter_column", {"table_name", "column_name"}, {"column_name"}},
    {"create_index", {"index_name", "table_name", "columns"}, {"index_name", "columns"}},
    {"drop_index", {"index_name", "table_name"}, {"index_name"}},
    {"create_unique_constraint", {"constraint_name", "table_name", "columns"}, {"constraint_name", "columns"}},
    {"create_primary_key", {"constraint_name", "table_name", "columns"}, {"constraint_name", "columns"}},
    {"create_check_constraint", {"constraint_name", "table_name", "condition"}, {"constraint_name", "condition"}},
    {"create_foreign_key",
     {"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"},
     {"constraint_name", "referent_table", "local_cols", "remote_cols"}},
    {"create_exclude_constraint", {"constraint_name", "table_name"}, {"constraint_name"}},
    {"drop_constraint", {"constraint_name", "table_name", "type_"}, {"constraint_name", "type_"}},
    {"execute", {"sqltext"}, {"sqltext"}},
};

// `text` of the file from `from` to `to` with `edits` (inside it, not overlapping) applied.
std::string edited(std::string_view source, std::uint32_t from, std::uint32_t to, std::vector<Edit> edits) {
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
    std::string out;
    auto at = from;
    for (const auto& edit : edits) {
        out += source.substr(at, edit.span.begin - at);
        out += edit.replacement;
        at = edit.span.end;
    }
    out += source.substr(at, to - at);
    return out;
}

// The arguments of `arguments` (an argument_list), without comments.
std::vector<Node> arguments_of(Node arguments) {
    std::vector<Node> out;
    for (const Node child : arguments.named_children()) {
        if (!child.is("comment")) out.push_back(child);
    }
    return out;
}

// Every `<batch>.<name>` inside `node` (batch_op.f("ix_...")) as `op.<name>`.
void rename_batch_object(Node node, std::string_view batch, const Evaluator& eval, std::vector<Edit>& edits, int depth) {
    if (!node || depth > 64) return;
    if (node.is("attribute")) {
        const Node object = node.field("object");
        if (object.is("identifier") && eval.text(object) == batch) {
            edits.push_back({object.span(), "op"});
            return;
        }
    }
    for (const Node child : node.named_children()) rename_batch_object(child, batch, eval, edits, depth + 1);
}

// The call `batch_op.<name>(...)` at `call` written as the op.<name>(...) call
// that does the same outside the `with op.batch_alter_table(...)` block
// (`batch_alter_table`, the call): the batch's table and schema arguments as
// written there, put where op.<name> takes them; batch_op.f as op.f; the
// batch-only insert_before= and insert_after= left out. Empty when Alembic's
// op.<name> is not known, or *args hides where the table goes.
std::string op_form_of_batch_call(std::string_view name, Node call, const CallArgs& raw, Node batch_alter_table,
                                  const Evaluator& eval) {
    const Signature* signature = nullptr;
    for (const auto& candidate : k_signatures) {
        if (candidate.name == name) signature = &candidate;
    }
    const Node function = call.field("function");
    const Node arguments = call.field("arguments");
    if (signature == nullptr || raw.has_splat || !function.is("attribute") || !arguments.is("argument_list")) return {};
    const BoundArgs batch_args = bind_args(call_args(batch_alter_table, eval.source()), {"table_name", "schema"});
    const Node table = batch_args.get("table_name");
    if (!table) return {};
    std::vector<Edit> edits;
    edits.push_back({function.span(), "op." + std::string(name)});
    rename_batch_object(arguments, eval.text(function.field("object")), eval, edits, 0);
    const auto args = arguments_of(arguments);
    const auto after_last = args.empty() ? arguments.begin() + 1 : args.back().end();
    const auto separator = args.empty() ? std::string() : std::string(", ");
    // The table goes where op.<name> takes it: its position among the
    // parameters the batch form drops, positionally while every parameter
    // before it is given by position, else by keyword.
    const auto& op_params = signature->op;
    std::size_t position = 0;
    std::string_view table_param;
    for (const auto param : op_params) {
        if (std::find(signature->batch.begin(), signature->batch.end(), param) == signature->batch.end()) {
            table_param = param;
            break;
        }
        ++position;
    }
    const auto table_text = std::string(eval.text(table));
    if (!table_param.empty()) {
        const auto& positional = raw.positional;
        if (positional.size() > position) {
            edits.push_back({{positional[position].begin(), positional[position].begin()}, table_text + ", "});
        } else if (positional.size() == position && position > 0) {
            edits.push_back({{positional.back().end(), positional.back().end()}, ", " + table_text});
        } else if (positional.empty() && position == 0) {
            edits.push_back({{arguments.begin() + 1, arguments.begin() + 1}, table_text + (args.empty() ? "" : ", ")});
        } else {
            edits.push_back({{after_last, after_last}, separator + std::string(table_param) + "=" + table_text});
        }
    }
    // schema=None, or none given: the table is found on the search path.
    if (const Node schema = batch_args.get("schema"); schema && !eval.text(schema).empty() && eval.text(schema) != "None") {
        const auto keyword = name == "create_foreign_key" ? "source_schema=" : "schema=";
        if (!table_param.empty()) edits.push_back({{after_last, after_last}, ", " + std::string(keyword) + std::string(eval.text(schema))});
    }
    // Column placement, which only a batch's table copy can do.
    for (const auto keyword : {"insert_before", "insert_after"}) {
        const Node value = raw.keyword(keyword);
        if (!value) continue;
        const Node argument = value.parent();
        const auto it = std::find_if(args.begin(), args.end(), [&](Node a) { return a.begin() == argument.begin(); });
        if (it == args.end()) return {};
        if (it != args.begin()) edits.push_back({{std::prev(it)->end(), argument.end()}, ""});
        else if (std::next(it) != args.end()) edits.push_back({{argument.begin(), std::next(it)->begin()}, ""});
        else edits.push_back({argument.span(), ""});
    }
    return edited(eval.source(), call.begin(), call.end(), std::move(edits));
}

// Calls that ask something or build a helper object and change nothing.
constexpr std::string_view k_queries[] = {
    "get_bind",           "get_context",        "f",      "inline_literal", "batch_alter_table",
    "implementation_for", "register_operation", "invoke", "run_async",
};

// `:name` bind parameters of a text() clause become `$1` padded with spaces
// (PostgreSQL's own parameter syntax, same length, so spans stay exact), and
// `\:` (SQLAlchemy's escaped colon) a plain colon.
PyString neutralise_bind_params(PyString sql) {
    auto& text = sql.value;
    const auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != ':') continue;
        if (i > 0 && text[i - 1] == '\\') {
            text[i - 1] = ' ';
            continue;
        }
        if (i > 0 && (text[i - 1] == ':' || is_word(text[i - 1]))) continue;
        std::size_t j = i + 1;
        while (j < text.size() && is_word(text[j])) ++j;
        if (j == i + 1 || (j < text.size() && text[j] == ':')) continue;
        text[i] = '$';
        text[i + 1] = '1';
        for (std::size_t k = i + 2; k < j; ++k) text[k] = ' ';
        i = j - 1;
    }
    return sql;
}

// `IN %s` with a tuple parameter, which the driver renders as a list: the
// `IN` becomes `= ` (same length), so `x IN $1` is read as `x = $1`.
void as_list_if_after_in(std::string& text, std::size_t placeholder) {
    std::size_t at = placeholder;
    while (at > 0 && std::isspace(static_cast<unsigned char>(text[at - 1])) != 0) --at;
    if (at < 2 || std::toupper(static_cast<unsigned char>(text[at - 2])) != 'I' ||
        std::toupper(static_cast<unsigned char>(text[at - 1])) != 'N') {
        return;
    }
    const bool word_start =
        at == 2 || (std::isalnum(static_cast<unsigned char>(text[at - 3])) == 0 && text[at - 3] != '_');
    if (!word_start || at == placeholder) return;
    text[at - 2] = '=';
    text[at - 1] = ' ';
}

// The DBAPI's pyformat parameters, `%s` and `%(name)s`, become `$1` padded
// with spaces (same length, so spans stay exact); `%%`, the driver's escaped
// percent sign, a percent sign and a space.
PyString neutralise_driver_params(PyString sql) {
    auto& text = sql.value;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (text[i + 1] == '%') {
            text[i + 1] = ' ';
            ++i;
        } else if (text[i + 1] == 's') {
            as_list_if_after_in(text, i);
            text[i] = '$';
            text[i + 1] = '1';
            ++i;
        } else if (text[i + 1] == '(') {
            const auto close = text.find(')', i + 2);
            if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != 's') continue;
            text[i] = '$';
            text[i + 1] = '1';
            for (std::size_t k = i + 2; k <= close + 1; ++k) text[k] = ' ';
            i = close + 1;
        }
    }
    return sql;
}

}  // namespace

void lower_sql_argument(std::string_view call_name, Node sql, Node call, bool text_clause, const Evaluator& eval,
                        const Scope& scope, OpSink& out, DriverParams params) {
    if (!sql) {
        report_unresolved_sql(call_name, "no SQL argument", call.span(), out);
        return;
    }
    const Value value = eval.evaluate(sql, scope);
    // An f-string is known when every field is: a constant, or a loop variable over a literal list.
    if (value.is_string()) {
        PyString text = value.string;
        if (text_clause || value.text_clause) {
            text = neutralise_bind_params(std::move(text));
        } else if (params == DriverParams::yes) {
            text = neutralise_driver_params(std::move(text));
        }
        lower_embedded_sql(text, call.span(), out);
        return;
    }
    // A DDL construct (sa.schema.CreateSchema("x")) is SQL known before run time.
    if (auto ddl = ddl_construct_sql(sql, eval, scope)) {
        if (ddl->sql.empty()) {
            report_unresolved_sql(call_name, ddl->why, call.span(), out);
        } else {
            lower_construct_sql(ddl->sql, call.span(), out);
        }
        return;
    }
    // So is a Core statement (sa.update(t).where(...)).
    if (auto statement = core_statement(sql, eval, scope)) {
        out.begin_statement();
        out.emit(std::move(*statement), call.span());
        return;
    }
    std::string reason = value.reason;
    if (value.is(Value::Kind::string) && value.string.interpolated) reason = "f-string";
    if (value.is(Value::Kind::string) && value.string.bytes) reason = "bytes";
    if (reason.empty() && sql.is("call")) reason = "a SQLAlchemy expression or call";
    if (reason.empty() && sql.is("identifier"))
        reason = "the name `" + std::string(eval.text(sql)) + "` has no known value";
    report_unresolved_sql(call_name, reason, call.span(), out);
}

void lower_enum_ddl(const EnumSpec& spec, bool create, Node call, const Evaluator& eval, const Scope& scope,
                    OpSink& out) {
    const CallArgs args = call_args(call, eval.source());
    const Node checkfirst = args.keyword("checkfirst");
    // SQLAlchemy's TypeEngine.create/drop default to checkfirst=False.
    const bool check = checkfirst && eval.bool_of(checkfirst, scope).value_or(false);
    out.begin_statement();
    if (create) {
        out.emit(CreateEnum{spec.type, spec.values, check}, call.span());
    } else {
        out.emit(DropType{spec.type, check, false}, call.span());
    }
}

namespace {

void lower_op(std::string_view name, Node call, const CallArgs& raw, const std::optional<QualifiedName>& batch_table,
              const Evaluator& eval, const Scope& scope, OpSink& out) {
    BoundArgs bound;
    bool known = false;
    for (const auto& signature : k_signatures) {
        if (signature.name != name) continue;
        bound = bind_args(raw, batch_table ? signature.batch : signature.op);
        known = true;
        break;
    }
    if (!known) bound = bind_args(raw, {});
    const detail::OpCall op{name, call, std::move(bound), raw, batch_table, eval, scope};

    if (name == "execute") {
        lower_sql_argument(batch_table ? "batch_op.execute" : "op.execute", op.arg("sqltext"), call, true, eval, scope,
                           out);
        return;
    }
    if (detail::lower_table_op(op, out)) return;
    if (detail::lower_index_or_constraint_op(op, out)) return;
    out.begin_statement();
    out.emit(Other{"op." + std::string(name)}, call.span());
}

}  // namespace

void lower_op_call(std::string_view name, Node call, const Value* batch, const Evaluator& eval, const Scope& scope,
                   OpSink& out) {
    for (const auto query : k_queries) {
        if (name == query) return;
    }
    const CallArgs raw = call_args(call, eval.source());
    const auto batch_table = batch != nullptr ? std::optional<QualifiedName>(batch->table) : std::nullopt;
    const auto first = out.size();
    lower_op(name, call, raw, batch_table, eval, scope, out);
    if (batch != nullptr) out.set_outside_batch(first, op_form_of_batch_call(name, call, raw, batch->node, eval));
}

}  // namespace miglint::alembic

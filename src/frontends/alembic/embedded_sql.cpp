#include "alembic/embedded_sql.hpp"

#include "sql/sql_frontend.hpp"

#include <algorithm>

namespace miglint::alembic {
namespace {

// Classifies `text` by lowering it as a column default, so volatility and the
// functions called are exactly what the SQL front end reports for SQL files.
std::optional<Expression> classify(const std::string& text) {
    const std::string probe = "ALTER TABLE t ADD COLUMN c int DEFAULT " + text;
    const auto lowered = sql::lower_sql(probe);
    if (!lowered.diagnostics.empty() || lowered.operations.size() != 1) return std::nullopt;
    const auto* add = lowered.operations.front().get<AddColumn>();
    if (add == nullptr || !add->column.default_value) return std::nullopt;
    Expression out = *add->column.default_value;
    out.text = text;
    return out;
}

}  // namespace

std::string sql_literal(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

void lower_embedded_sql(const PyString& sql, Span call, OpSink& out) {
    auto lowered = sql::lower_sql(sql.value, out.next_statement());
    sql::remap_spans(lowered, [&](std::uint32_t offset) { return sql.map(offset); });
    const auto& ops = lowered.operations;
    const bool one_statement = !ops.empty() && std::all_of(ops.begin(), ops.end(), [&](const Operation& op) {
        return op.statement == ops.front().statement;
    });
    std::uint32_t next = out.next_statement();
    for (auto& op : lowered.operations) {
        next = std::max(next, op.statement + 1);
        op.from_sql_string = true;
        if (one_statement) op.sql_call = call;
        out.emit_lowered(std::move(op));
    }
    if (lowered.operations.empty()) next += 1;
    out.set_next_statement(next);
    for (auto& diagnostic : lowered.diagnostics) {
        if (diagnostic.span.empty()) diagnostic.span = {sql.literal.begin, sql.literal.end};
        out.diagnose(std::move(diagnostic));
    }
}

void lower_construct_sql(const std::string& sql, Span call, OpSink& out) {
    // Every byte of the rendered SQL comes from the construct's call, so each
    // statement spans the whole call, and the call is what a fix moves.
    PyString text;
    text.value = sql;
    text.sources.assign(sql.size(), call);
    text.literal = call;
    lower_embedded_sql(text, call, out);
}

void report_unresolved_sql(std::string_view call_name, const std::string& reason, Span call, OpSink& out) {
    out.begin_statement();
    const std::string why = reason.empty() ? "a value miglint cannot read statically" : reason;
    out.emit(Unresolved{why}, call);
    out.diagnose({"unresolved-sql",
                  "the SQL passed to `" + std::string(call_name) + "` is built at run time (" + why +
                      "), so miglint cannot check it",
                  call,
                  "pass a literal SQL string, or review it and add `# miglint: ignore[unresolved-sql]`"});
}

Expression sql_expression(const PyString& sql) {
    Expression out = classify(sql.value).value_or(Expression{sql.value});
    out.text = sql.value;
    out.span = {sql.map(0), sql.map(static_cast<std::uint32_t>(sql.value.size()))};
    if (out.span.empty()) out.span = sql.literal;
    return out;
}

Expression sql_expression(const std::string& sql, Span span) {
    Expression out = classify(sql).value_or(Expression{sql});
    out.text = sql;
    out.span = span;
    return out;
}

}  // namespace miglint::alembic

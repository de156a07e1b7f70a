#include "sql/plpgsql.hpp"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <string>

namespace miglint::sql {
namespace {

// Nested DO blocks reached through EXECUTE strings: expanded to this depth only.
constexpr int k_max_depth = 4;
thread_local int t_depth = 0;

constexpr std::string_view k_prefix = "CREATE FUNCTION miglint_do() RETURNS void LANGUAGE plpgsql AS $miglint_body$";
constexpr std::string_view k_suffix = "$miglint_body$;";

class PlpgsqlResult {
public:
    explicit PlpgsqlResult(const std::string& sql) : m_result(pg_query_parse_plpgsql(sql.c_str())) {}
    ~PlpgsqlResult() { pg_query_free_plpgsql_parse_result(m_result); }
    PlpgsqlResult(const PlpgsqlResult&) = delete;
    PlpgsqlResult& operator=(const PlpgsqlResult&) = delete;
    [[nodiscard]] const PgQueryPlpgsqlParseResult& get() const { return m_result; }

private:
    PgQueryPlpgsqlParseResult m_result;
};

// A SQL string literal ('...' with '' for a quote) → its value and, per value
// byte, the offset of the source byte; empty when it is not one plain literal.
bool unquote_literal(std::string_view literal, std::string& value, std::vector<std::uint32_t>& offsets) {
    if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') return false;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        if (literal[i] == '\'') {
            if (i + 2 < literal.size() && literal[i + 1] == '\'') {
                offsets.push_back(static_cast<std::uint32_t>(i));
                value += '\'';
                ++i;
                continue;
            }
            return false;  // concatenation or another expression: not a constant
        }
        offsets.push_back(static_cast<std::uint32_t>(i));
        value += literal[i];
    }
    offsets.push_back(static_cast<std::uint32_t>(literal.size() - 1));
    return true;
}

struct BodyWalker {
    std::string_view file_text;
    std::string_view body;
    std::uint32_t body_offset;  // where `body` starts in the file, or the DO statement's start
    bool body_located;
    Span statement;
    std::uint32_t statement_index;
    Lowered& out;
    std::size_t cursor = 0;
    // The start of line `line` of `body`: statements come in line order, so
    // finding the next one's line goes on from the last, not from the top.
    int line = 1;
    std::size_t line_start = 0;

    // The file offset of `query`, searched from line `lineno` of the body onwards.
    std::optional<std::uint32_t> locate(const std::string& query, int lineno) {
        if (!body_located) return std::nullopt;
        std::size_t from = cursor;
        if (lineno < line) {
            line = 1;
            line_start = 0;
        }
        while (line < lineno) {
            const auto newline = body.find('\n', line_start);
            if (newline == std::string_view::npos) break;
            line_start = newline + 1;
            ++line;
        }
        if (line == lineno && lineno > 1) from = std::max(from, line_start);
        const auto at = body.find(query, from);
        if (at == std::string_view::npos) return std::nullopt;
        cursor = at + query.size();
        return body_offset + static_cast<std::uint32_t>(at);
    }

    void lower_embedded(const std::string& sql, const std::function<std::uint32_t(std::uint32_t)>& map) {
        auto lowered = lower_sql(sql, statement_index);
        remap_spans(lowered, map);
        for (auto& op : lowered.operations) {
            op.from_do_block = true;
            out.operations.push_back(std::move(op));
        }
        for (auto& d : lowered.diagnostics) {
            d.message = "in DO block: " + d.message;
            out.diagnostics.push_back(std::move(d));
        }
    }

    void statement_sql(const nlohmann::json& stmt, bool dynamic) {
        const auto& expr = dynamic ? stmt.value("query", nlohmann::json{}) : stmt.value("sqlstmt", nlohmann::json{});
        if (!expr.contains("PLpgSQL_expr")) return;
        const auto query = expr["PLpgSQL_expr"].value("query", std::string{});
        const auto at = locate(query, stmt.value("lineno", 0));
        const auto fallback = statement.begin;
        if (!dynamic) {
            lower_embedded(query, [&](std::uint32_t offset) { return at ? *at + offset : fallback; });
            return;
        }
        std::string value;
        std::vector<std::uint32_t> offsets;
        if (!unquote_literal(query, value, offsets)) return;  // EXECUTE of a computed string: unknown SQL
        lower_embedded(value, [&](std::uint32_t offset) {
            if (!at) return fallback;
            return *at + offsets[std::min<std::size_t>(offset, offsets.size() - 1)];
        });
    }

    void walk(const nlohmann::json& node, int depth) {
        if (depth > 64) return;
        if (node.is_array()) {
            for (const auto& item : node) walk(item, depth + 1);
            return;
        }
        if (!node.is_object()) return;
        for (const auto& [key, value] : node.items()) {
            if (key == "PLpgSQL_stmt_execsql") statement_sql(value, false);
            else if (key == "PLpgSQL_stmt_dynexecute") statement_sql(value, true);
            else walk(value, depth + 1);
        }
    }
};

// PostgreSQL counts error positions in characters.
std::uint32_t advance_chars(std::string_view text, std::uint32_t from, int chars) {
    auto i = from;
    for (int n = 0; n < chars && i < text.size(); ++n) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

}  // namespace

void lower_do_block(std::string_view file_text, Span statement, std::string_view body, std::uint32_t statement_index,
                    Lowered& out) {
    if (t_depth >= k_max_depth) return;
    ++t_depth;
    const auto statement_text = file_text.substr(statement.begin, statement.size());
    const auto found = statement_text.find(body);
    const bool located = found != std::string_view::npos && !body.empty();
    const auto body_offset = located ? statement.begin + static_cast<std::uint32_t>(found) : statement.begin;
    const std::string wrapped = std::string(k_prefix) + std::string(body) + std::string(k_suffix);
    const PlpgsqlResult result(wrapped);
    if (result.get().error != nullptr) {
        const auto& error = *result.get().error;
        auto at = statement.begin;
        const int into_body = error.cursorpos - 1 - static_cast<int>(k_prefix.size());
        if (located && into_body >= 0) at = advance_chars(file_text, body_offset, into_body);
        out.diagnostics.push_back({"syntax-error", std::string("in DO block: ") + (error.message ? error.message : "syntax error"),
                                   {at, at + 1}, "fix the block: PostgreSQL will reject this migration"});
        --t_depth;
        return;
    }
    const auto json = nlohmann::json::parse(result.get().plpgsql_funcs ? result.get().plpgsql_funcs : "[]", nullptr, false);
    BodyWalker walker{file_text, body, body_offset, located, statement, statement_index, out};
    if (!json.is_discarded()) walker.walk(json, 0);
    --t_depth;
}

void check_function_body(std::string_view file_text, Span statement, Lowered& out) {
    const std::string sql(file_text.substr(statement.begin, statement.size()));
    const PlpgsqlResult result(sql);
    if (result.get().error == nullptr) return;
    const auto& error = *result.get().error;
    const auto at = error.cursorpos > 0 ? advance_chars(file_text, statement.begin, error.cursorpos - 1) : statement.begin;
    out.diagnostics.push_back({"syntax-error", std::string("in function body: ") + (error.message ? error.message : "syntax error"),
                               {at, at + 1}, "fix the function body: creating it fails"});
}

}  // namespace miglint::sql

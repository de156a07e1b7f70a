#include "sql/plpgsql.hpp"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <cctype>
#include <memory>
#include <string>
#include <utility>

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

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

// `name type[]` declared in a PL/pgSQL body: where the name and the type are.
struct ArrayDeclaration {
    std::size_t name_at = std::string::npos;
    std::size_t type_at = std::string::npos;
    std::size_t type_length = 0;
    bool of_record = false;  // record[], which PostgreSQL forbids too
};

ArrayDeclaration array_declaration(const std::string& sql, std::string_view name) {
    for (auto at = sql.find(name); at != std::string::npos; at = sql.find(name, at + 1)) {
        const auto end = at + name.size();
        if ((at > 0 && is_word_char(sql[at - 1])) || (end < sql.size() && is_word_char(sql[end]))) continue;
        const auto type = sql.find_first_not_of(" \t\r\n", end);
        if (type == std::string::npos) break;
        const auto bracket = sql.find('[', type);
        const auto stop = sql.find_first_of(";:=", type);
        if (bracket == std::string::npos || (stop != std::string::npos && stop < bracket)) continue;
        const auto close = sql.find_last_of(']', stop == std::string::npos ? std::string::npos : stop);
        if (close == std::string::npos || close < bracket) continue;
        std::string word = sql.substr(type, bracket - type);
        while (!word.empty() && std::isspace(static_cast<unsigned char>(word.back())) != 0) word.pop_back();
        for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return {at, type, close + 1 - type, word == "record"};
    }
    return {};
}

constexpr std::string_view k_variable = "variable \"";
constexpr std::string_view k_pseudo = "\" has pseudo-type _record";

// The variable a "has pseudo-type _record" error names, else empty.
std::string_view pseudo_type_variable(const char* message) {
    const std::string_view text = message != nullptr ? message : "";
    if (!text.starts_with(k_variable) || !text.ends_with(k_pseudo)) return {};
    return text.substr(k_variable.size(), text.size() - k_variable.size() - k_pseudo.size());
}

// Parses PL/pgSQL as libpg_query can, without a catalog. It stands RECORD in
// for every type it cannot look up, so a variable that is an array of a user's
// type (`buckets s3region[];`) reads as RECORD[], which PostgreSQL forbids
// ("has pseudo-type _record"). Such a type is written as `int`, padded to keep
// every offset, and the body parsed again; only `record[]` stays an error.
std::unique_ptr<PlpgsqlResult> parse_without_catalog(std::string sql) {
    for (int attempt = 0;; ++attempt) {
        auto result = std::make_unique<PlpgsqlResult>(sql);
        const auto* error = result->get().error;
        if (error == nullptr || attempt == 16) return result;
        const auto name = pseudo_type_variable(error->message);
        if (name.empty()) return result;
        const auto declared = array_declaration(sql, name);
        if (declared.type_at == std::string::npos || declared.of_record || declared.type_length < 3) return result;
        sql.replace(declared.type_at, declared.type_length, "int" + std::string(declared.type_length - 3, ' '));
    }
}

// The parser's message, as PostgreSQL words it: its internal name of the
// record array type (_record) reads as record[].
std::string error_message(const PgQueryError& error) {
    std::string message = error.message != nullptr ? error.message : "syntax error";
    if (!pseudo_type_variable(error.message).empty()) message.replace(message.size() - 7, 7, "record[]");
    return message;
}

// Where in `sql` the error points (0-based), or -1: a declaration's error
// carries no position, so it points at the variable's name.
int error_position(const std::string& sql, const PgQueryError& error) {
    if (error.cursorpos > 0) return error.cursorpos - 1;
    const auto name = pseudo_type_variable(error.message);
    if (name.empty()) return -1;
    const auto declared = array_declaration(sql, name);
    if (declared.name_at == std::string::npos) return -1;
    // In characters, as the parser's positions are.
    int chars = 0;
    for (std::size_t i = 0; i < declared.name_at; ++i) chars += (static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80 ? 1 : 0;
    return chars;
}

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

    // EXECUTE of a string computed as the block runs: no rule can see what it
    // does, so it is named rather than passed over (once per block, in `report_dynamic_sql`).
    struct DynamicSql {
        std::string first;  // the first such EXECUTE's expression
        Span span;
        std::size_t count = 0;
    } dynamic_sql;

    void note_dynamic_sql(const std::string& query, std::optional<std::uint32_t> at) {
        const Span span = at ? Span{*at, *at + static_cast<std::uint32_t>(query.size())} : statement;
        Operation op;
        op.data = Unresolved{"EXECUTE of a string built as the DO block runs"};
        op.span = span;
        op.statement = statement_index;
        op.from_do_block = true;
        out.operations.push_back(std::move(op));
        if (dynamic_sql.count++ == 0) {
            dynamic_sql.first = query;
            dynamic_sql.span = span;
        }
    }

    void report_dynamic_sql() {
        if (dynamic_sql.count == 0) return;
        auto shown = dynamic_sql.first.substr(0, dynamic_sql.first.find('\n'));
        if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
        const auto more = dynamic_sql.count > 1 ? " and " + std::to_string(dynamic_sql.count - 1) + " more" : std::string();
        out.diagnostics.push_back({"unresolved-sql",
                                   "the SQL this DO block runs with EXECUTE (`" + shown + "`" + more +
                                       ") is built as it runs, so miglint cannot check it",
                                   dynamic_sql.span,
                                   "review what it runs; where it is safe, say so with `-- miglint: ignore unresolved-sql`"});
    }

    // One SQL statement of the body: `query` as PL/pgSQL holds it; for EXECUTE, the string expression.
    void statement_sql(const std::string& query, int lineno, bool dynamic) {
        const auto at = locate(query, lineno);
        const auto fallback = statement.begin;
        if (!dynamic) {
            lower_embedded(query, [&](std::uint32_t offset) { return at ? *at + offset : fallback; });
            return;
        }
        std::string value;
        std::vector<std::uint32_t> offsets;
        if (!unquote_literal(query, value, offsets)) {
            note_dynamic_sql(query, at);
            return;
        }
        lower_embedded(value, [&](std::uint32_t offset) {
            if (!at) return fallback;
            return *at + offsets[std::min<std::size_t>(offset, offsets.size() - 1)];
        });
    }
};

// Reads libpg_query's PL/pgSQL JSON as it streams, without building it as a
// document: only the SQL statements matter, and they come in source order.
// A statement is {"PLpgSQL_stmt_execsql": {"lineno": N, "sqlstmt": {"PLpgSQL_expr": {"query": "..."}}}},
// or PLpgSQL_stmt_dynexecute with the expression under "query".
class StatementReader : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit StatementReader(BodyWalker& walker) : m_walker(walker) {}

    bool key(string_t& name) override {
        m_key = name;
        return true;
    }
    bool start_object(std::size_t /*elements*/) override {
        m_objects.push_back(m_key);
        if (m_key == "PLpgSQL_stmt_execsql" || m_key == "PLpgSQL_stmt_dynexecute") {
            m_statement = Statement{m_objects.size(), m_key == "PLpgSQL_stmt_dynexecute"};
        }
        m_key.clear();
        return true;
    }
    bool end_object() override {
        if (m_statement && m_statement->depth == m_objects.size()) {
            if (m_statement->query) m_walker.statement_sql(*m_statement->query, m_statement->lineno, m_statement->dynamic);
            m_statement.reset();
        }
        m_objects.pop_back();
        m_key.clear();
        return true;
    }
    bool start_array(std::size_t /*elements*/) override {
        m_objects.push_back(m_key);
        m_key.clear();
        return true;
    }
    bool end_array() override {
        m_objects.pop_back();
        m_key.clear();
        return true;
    }
    bool string(string_t& value) override {
        // The statement's expression: two objects below it, under sqlstmt (or query) and PLpgSQL_expr.
        if (m_statement && m_key == "query" && m_objects.size() == m_statement->depth + 2 &&
            m_objects.back() == "PLpgSQL_expr" && m_objects[m_statement->depth] == (m_statement->dynamic ? "query" : "sqlstmt")) {
            m_statement->query = value;
        }
        m_key.clear();
        return true;
    }
    bool number_integer(number_integer_t value) override { return line_number(value); }
    bool number_unsigned(number_unsigned_t value) override { return line_number(static_cast<number_integer_t>(value)); }
    bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
    bool boolean(bool /*value*/) override { return true; }
    bool null() override { return true; }
    bool binary(binary_t& /*value*/) override { return true; }
    bool parse_error(std::size_t /*position*/, const std::string& /*token*/, const nlohmann::detail::exception& /*error*/) override {
        return false;  // malformed output: the statements read so far stand
    }

private:
    struct Statement {
        std::size_t depth;  // m_objects.size() inside the statement's object
        bool dynamic;
        int lineno = 0;
        std::optional<std::string> query;
    };

    bool line_number(number_integer_t value) {
        if (m_statement && m_key == "lineno" && m_objects.size() == m_statement->depth) m_statement->lineno = static_cast<int>(value);
        m_key.clear();
        return true;
    }

    BodyWalker& m_walker;
    std::string m_key;                  // the key of the value that comes next
    std::vector<std::string> m_objects; // the key each open object or array was opened under
    std::optional<Statement> m_statement;
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
    const auto parsed = parse_without_catalog(wrapped);
    const PlpgsqlResult& result = *parsed;
    if (result.get().error != nullptr) {
        const auto& error = *result.get().error;
        auto at = statement.begin;
        const int into_body = error_position(wrapped, error) - static_cast<int>(k_prefix.size());
        if (located && into_body >= 0) at = advance_chars(file_text, body_offset, into_body);
        out.diagnostics.push_back({"syntax-error", "in DO block: " + error_message(error),
                                   {at, at + 1}, "fix the block: PostgreSQL will reject this migration"});
        --t_depth;
        return;
    }
    BodyWalker walker{file_text, body, body_offset, located, statement, statement_index, out};
    StatementReader reader(walker);
    const std::string_view funcs = result.get().plpgsql_funcs != nullptr ? result.get().plpgsql_funcs : "[]";
    nlohmann::json::sax_parse(funcs.begin(), funcs.end(), &reader);
    walker.report_dynamic_sql();
    --t_depth;
}

void check_function_body(std::string_view file_text, Span statement, Lowered& out) {
    const std::string sql(file_text.substr(statement.begin, statement.size()));
    const auto result = parse_without_catalog(sql);
    if (result->get().error == nullptr) return;
    const auto& error = *result->get().error;
    const int position = error_position(sql, error);
    const auto at = position >= 0 ? advance_chars(file_text, statement.begin, position) : statement.begin;
    out.diagnostics.push_back({"syntax-error", "in function body: " + error_message(error),
                               {at, at + 1}, "fix the function body: creating it fails"});
}

}  // namespace miglint::sql

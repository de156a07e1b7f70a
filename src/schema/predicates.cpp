#include "schema/predicates.hpp"

#include <cctype>

namespace miglint {

std::string quoted(const std::string& name) { return "`" + name + "`"; }
std::string quoted(const QualifiedName& name) { return quoted(name.display()); }

std::string sql_string(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string alembic_execute(std::string_view sql) {
    std::string out = "op.execute(\"";
    for (const char c : sql) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\")";
}

std::string alembic_autocommit_execute(std::string_view sql) {
    return "with op.get_context().autocommit_block():\n    " + alembic_execute(sql);
}

bool is_existing_table(const RuleContext& ctx, const QualifiedName& table) {
    return !ctx.created_in_this_migration(table);
}

namespace {

std::string with_thousands(std::uint64_t n) {
    auto digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

}  // namespace

std::string size_note(const RuleContext& ctx, const QualifiedName& table) {
    if (!ctx.is_large_table(table)) return {};
    const auto rows = ctx.large_table_rows(table);
    return rows ? " (a large table, about " + with_thousands(*rows) + " rows)" : " (a large table)";
}

Severity lock_severity(const RuleContext& ctx, const QualifiedName& table, Severity base) {
    return ctx.is_large_table(table) ? Severity::error : base;
}

std::optional<std::uint32_t> offset_after_keyword(const Operation& op, const SourceText& source, std::string_view after) {
    // Only plain SQL files: a .py file holds Python around the SQL, and a DO
    // block cannot run CONCURRENTLY anyway.
    if (op.from_sql_string || op.from_do_block || source.path().ends_with(".py")) return std::nullopt;
    const auto text = source.slice(op.span);
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_')) continue;
        if (i + after.size() > text.size()) break;
        bool match = true;
        for (std::size_t k = 0; k < after.size() && match; ++k) {
            match = std::toupper(static_cast<unsigned char>(text[i + k])) == after[k];
        }
        const auto end = i + after.size();
        if (match && (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))) {
            return op.span.begin + static_cast<std::uint32_t>(end);
        }
    }
    return std::nullopt;
}

}  // namespace miglint

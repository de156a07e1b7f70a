#include "toolkit/code_text.hpp"

#include <miglint/sql_names.hpp>

#include <cstdio>

namespace miglint {

std::string sql_string(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string python_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[5];
                    std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string alembic_execute(std::string_view sql) { return "op.execute(" + python_string(sql) + ")"; }

std::string in_autocommit_block(std::string_view code) {
    std::string out = "with op.get_context().autocommit_block():";
    std::size_t start = 0;
    while (start <= code.size()) {
        const auto end = code.find('\n', start);
        const auto line = code.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        out += "\n    ";
        out += line;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

std::string alembic_autocommit_execute(std::string_view sql) { return in_autocommit_block(alembic_execute(sql)); }

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

std::string ident_list(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& name : names) quoted.push_back(quote_ident(name));
    return joined(quoted);
}

std::string python_strings(const std::vector<std::string>& items) {
    std::vector<std::string> strings;
    for (const auto& item : items) strings.push_back(python_string(item));
    return joined(strings);
}

std::string alembic_schema(const QualifiedName& name) {
    return name.schema.empty() ? std::string{} : ", schema=" + python_string(name.schema);
}

std::string sqlalchemy_column_path(const QualifiedName& table, std::string_view column) {
    auto out = table.schema.empty() ? table.name : table.schema + "." + table.name;
    if (!column.empty()) out += "." + std::string(column);
    return out;
}

std::string repack_table_option(const QualifiedName& table) {
    const auto name = quote_qualified(table);
    return " --table " + (name.find('"') == std::string::npos ? name : "'" + name + "'");
}

HelpLanguage help_language(const Operation& op, const RuleContext& ctx) {
    if (!ctx.is_alembic()) return HelpLanguage::sql;
    return op.from_sql_string ? HelpLanguage::alembic_sql_call : HelpLanguage::alembic;
}

bool written_as_alembic_call(const Operation& op, const RuleContext& ctx) {
    return help_language(op, ctx) == HelpLanguage::alembic;
}

bool passes_only(const SourceText& source, Span call, std::initializer_list<std::string_view> allowed) {
    auto text = std::string(source.slice(call));
    for (const auto word : allowed) {
        for (auto at = text.find(word); at != std::string::npos; at = text.find(word)) text.erase(at, word.size());
    }
    return text.find('=') == std::string::npos && text.find('#') == std::string::npos;
}

}  // namespace miglint

// The names PostgreSQL gives constraints the user left unnamed (declared in predicates.hpp).
#include "schema/predicates.hpp"

#include <algorithm>
#include <cctype>

namespace miglint {
namespace {

// The suffix PostgreSQL itself appends to a generated name.
std::string_view suffix_of(ConstraintKind kind) {
    switch (kind) {
        case ConstraintKind::primary_key: return "pkey";
        case ConstraintKind::unique: return "key";
        case ConstraintKind::foreign_key: return "fkey";
        case ConstraintKind::exclusion: return "excl";
        default: return "check";
    }
}

// A key as a name part: a column as PostgreSQL stores it (case kept), an
// expression as PostgreSQL names an index column (index_column_name).
std::string name_part(const std::string& key) {
    const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    });
    return index_column_name(plain ? IndexKey{.column = key} : IndexKey{.expression = key});
}

}  // namespace

std::string generated_constraint_name(const QualifiedName& table, const Constraint& c) {
    // A primary key is one per table: PostgreSQL names it `<table>_pkey`.
    if (c.kind == ConstraintKind::primary_key) return generated_object_name(table.name, "", suffix_of(c.kind));
    // A check names its column only when it is one column's (inline) check.
    if (c.kind == ConstraintKind::check && c.columns.size() != 1) return generated_object_name(table.name, "", "check");
    std::vector<std::string> parts;
    for (const auto& column : c.columns) parts.push_back(name_part(column));
    return generated_object_name(table.name, generated_name_addition(parts), suffix_of(c.kind));
}

bool is_constraint_name_taken(const std::string& name, const Constraint& self, const Operation& op,
                              const QualifiedName& table, const RuleContext& ctx) {
    const auto clashes = [&](const Constraint& other) {
        return &other != &self && (other.is_named() ? other.name == name : generated_constraint_name(table, other) == name);
    };
    if (const auto* create = op.get<CreateTable>()) {
        for (const auto& column : create->columns) {
            for (const auto& other : column.constraints) {
                if (other.kind != ConstraintKind::not_null && clashes(other)) return true;
            }
        }
        for (const auto& other : create->constraints) {
            if (other.kind != ConstraintKind::not_null && clashes(other)) return true;
        }
    }
    if (const auto* state = ctx.schema().table(table)) {
        for (const auto& existing : state->constraints) {
            if (existing.name == name) return true;
        }
    }
    return false;
}

std::optional<std::string> exact_generated_name(const Operation& op, const QualifiedName& table, const Constraint& c,
                                                const RuleContext& ctx) {
    // PostgreSQL names a table-level CHECK after the one column its expression reads, which the
    // front end does not record.
    if (c.kind == ConstraintKind::check && c.columns.size() != 1) return std::nullopt;
    auto name = generated_constraint_name(table, c);
    // Taken, the name gets a number (ChooseConstraintName).
    if (is_constraint_name_taken(name, c, op, table, ctx)) return std::nullopt;
    // An index-backed constraint's index shares the name, and a relation of that name would make
    // ChooseRelationName number it too.
    const bool has_index = c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique ||
                           c.kind == ConstraintKind::exclusion;
    if (has_index && (ctx.schema().index({table.schema, name}) != nullptr || ctx.schema().table({table.schema, name}) != nullptr)) {
        return std::nullopt;
    }
    return name;
}

}  // namespace miglint

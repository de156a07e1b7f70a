#include "alembic/naming_convention.hpp"

#include <vector>

namespace miglint::alembic {
namespace {

std::string key_of(ConstraintKind kind) {
    switch (kind) {
        case ConstraintKind::primary_key:
            return "pk";
        case ConstraintKind::unique:
            return "uq";
        case ConstraintKind::foreign_key:
            return "fk";
        case ConstraintKind::check:
            return "ck";
        default:
            return "";
    }
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
    return out;
}

// The template with SQLAlchemy's tokens filled in; a token miglint cannot
// fill stays as written, which still makes the name explicit.
std::string render(std::string text, const QualifiedName& table, const std::vector<std::string>& columns,
                   const QualifiedName& referred, const std::vector<std::string>& referred_columns) {
    const std::string first = columns.empty() ? "" : columns.front();
    std::vector<std::string> labels;
    for (const auto& column : columns) labels.push_back(table.name + "_" + column);
    const std::pair<std::string, std::string> tokens[] = {
        {"%(table_name)s", table.name},
        {"%(column_0_name)s", first},
        {"%(column_0_key)s", first},
        {"%(column_0_label)s", labels.empty() ? "" : labels.front()},
        {"%(column_0N_name)s", joined(columns, "")},
        {"%(column_0_N_name)s", joined(columns, "_")},
        {"%(column_0N_key)s", joined(columns, "")},
        {"%(column_0_N_key)s", joined(columns, "_")},
        {"%(column_0N_label)s", joined(labels, "")},
        {"%(column_0_N_label)s", joined(labels, "_")},
        {"%(referred_table_name)s", referred.name},
        {"%(referred_column_0_name)s", referred_columns.empty() ? "" : referred_columns.front()},
        {"%(referred_column_0N_name)s", joined(referred_columns, "")},
        {"%(referred_column_0_N_name)s", joined(referred_columns, "_")},
    };
    for (const auto& [token, value] : tokens) {
        for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
            text.replace(at, token.size(), value);
        }
    }
    return text;
}

class Namer {
public:
    explicit Namer(const std::map<std::string, std::string>& convention) : m_convention(convention) {}

    void name(Constraint& constraint, const QualifiedName& table) const {
        if (constraint.is_named()) return;
        const auto it = m_convention.find(key_of(constraint.kind));
        if (it == m_convention.end()) return;
        // SQLAlchemy refuses such a convention for a constraint without a name of its own.
        if (it->second.find("%(constraint_name)s") != std::string::npos) return;
        constraint.name =
            render(it->second, table, constraint.columns, constraint.referenced_table, constraint.referenced_columns);
        constraint.name_from_convention = true;
    }

    void name(CreateIndex& index) const {
        if (!index.name.empty()) return;
        const auto it = m_convention.find("ix");
        if (it == m_convention.end() || it->second.find("%(constraint_name)s") != std::string::npos) return;
        index.name = render(it->second, index.table, index.columns, {}, {});
        index.name_from_convention = true;
    }

private:
    const std::map<std::string, std::string>& m_convention;
};

void name_ops(std::vector<Operation>& ops, const Namer& namer) {
    for (auto& op : ops) {
        if (op.from_sql_string) continue;
        if (auto* box = std::get_if<Boxed<CreateTable>>(&op.data)) {
            auto& table = box->get();
            for (auto& constraint : table.constraints) namer.name(constraint, table.table);
            for (auto& column : table.columns) {
                for (auto& constraint : column.constraints) namer.name(constraint, table.table);
            }
        } else if (auto* add = std::get_if<Boxed<AddConstraint>>(&op.data)) {
            namer.name(add->get().constraint, add->get().table);
        } else if (auto* column = std::get_if<Boxed<AddColumn>>(&op.data)) {
            for (auto& constraint : column->get().column.constraints) namer.name(constraint, column->get().table);
        } else if (auto* index = std::get_if<Boxed<CreateIndex>>(&op.data)) {
            namer.name(index->get());
        }
    }
}

}  // namespace

void name_by_convention(Migration& migration, const std::map<std::string, std::string>& convention) {
    if (convention.empty()) return;
    const Namer namer(convention);
    name_ops(migration.upgrade, namer);
    name_ops(migration.downgrade, namer);
}

}  // namespace miglint::alembic

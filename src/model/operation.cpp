#include <miglint/operation.hpp>

#include <array>

namespace miglint {

std::string_view op_kind_name(OpKind kind) {
    static constexpr std::array<std::string_view, k_op_kind_count> names{
        "create_table", "drop_table", "rename_table", "add_column", "drop_column", "rename_column",
        "alter_column_type", "set_not_null", "drop_not_null", "set_default", "add_constraint",
        "validate_constraint", "drop_constraint", "rename_constraint", "create_index", "drop_index",
        "reindex", "create_enum", "alter_enum_add_value", "alter_enum_rename_value", "drop_type", "rename_type",
        "create_domain", "alter_domain_add_constraint", "data_change", "truncate", "transaction",
        "set_setting", "lock_table", "vacuum", "cluster", "refresh_matview", "detach_partition",
        "attach_partition", "alter_table_form", "create_schema", "drop_schema", "rename_schema", "drop_database", "create_function",
        "do_block", "other", "unresolved",
    };
    return names[static_cast<std::size_t>(kind)];
}

namespace {

template <class T>
concept HasTable = requires(const T& t) {
    { t.table } -> std::convertible_to<QualifiedName>;
};

}  // namespace

std::string truncated_identifier(std::string_view name) {
    if (name.size() <= k_max_identifier_bytes) return std::string(name);
    std::size_t cut = k_max_identifier_bytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    return std::string(name.substr(0, cut));
}

QualifiedName target_table(const Operation& op) {
    return op.visit(
        [](const auto& data) -> QualifiedName {
            using T = std::decay_t<decltype(data)>;
            if constexpr (HasTable<T>) {
                return data.table;
            } else {
                return {};
            }
        });
}

}  // namespace miglint

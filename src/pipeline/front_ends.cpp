#include "front_ends.hpp"

#include "file_layout.hpp"
#include "lint.hpp"

#include "alembic/alembic_frontend.hpp"
#include "sql/sql_frontend.hpp"

#include <array>

namespace miglint {
namespace {

bool is_python(std::string_view path) {
    // The extension as std::filesystem reads it (".py" alone is a hidden file's name), without building a path.
    const auto name = path.substr(path.rfind('/') + 1);
    return name.size() > 3 && name.ends_with(".py");
}

bool any_path(std::string_view /*path*/) { return true; }

std::optional<Migration> parse_alembic(std::shared_ptr<const SourceText> source, const ParseInputs& inputs) {
    return alembic::parse_revision(std::move(source), inputs.postgres_engines);
}

std::optional<Migration> parse_sql(std::shared_ptr<const SourceText> source, const ParseInputs& inputs) {
    return sql::parse_sql_file(std::move(source), inputs.layout);
}

// A file named on the command line is SQL whatever its extension.
constexpr std::array k_front_ends{
    FrontEnd{"alembic", is_python, parse_alembic, false},
    FrontEnd{"sql", any_path, parse_sql, true},
};

}  // namespace

std::span<const FrontEnd> front_ends() { return k_front_ends; }

const FrontEnd& front_end_for(std::string_view path) {
    for (const auto& front_end : k_front_ends) {
        if (front_end.claims(path)) return front_end;
    }
    return k_front_ends.back();
}

std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source, const FileLayout& layout,
                                         const std::set<std::string>& postgres_engines) {
    const auto& front_end = front_end_for(source->path());
    return front_end.parse(std::move(source), ParseInputs{layout, postgres_engines});
}

std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source,
                                         const std::set<std::string>& postgres_engines) {
    const auto layout = classify_layout(source->path());
    return parse_migration(std::move(source), layout, postgres_engines);
}

std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source) {
    return parse_migration(std::move(source), alembic::default_postgres_engines());
}

}  // namespace miglint

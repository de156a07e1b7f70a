// The front ends, as a table: the first whose `claims` takes a file's path
// parses it. Adding a language is adding a row.
#pragma once

#include <miglint/file_layout.hpp>
#include <miglint/migration.hpp>
#include <miglint/source.hpp>

#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace miglint {

// What a front end gets besides the text: the file's layout as discovery read
// it, and for an Alembic file of a multi-database project the engines whose
// `upgrade_<engine>()` functions run on PostgreSQL.
struct ParseInputs {
    const FileLayout& layout;
    const std::set<std::string>& postgres_engines;
};

struct FrontEnd {
    std::string_view name;
    bool (*claims)(std::string_view path);
    // The migration in `source`; empty when the file is none (a .py file that
    // is not an Alembic revision).
    std::optional<Migration> (*parse)(std::shared_ptr<const SourceText> source, const ParseInputs& inputs);
    // A file's place in its history follows from its path alone (SQL), so
    // files can be ordered, and checked, before the others are parsed; an
    // Alembic revision's place needs the revision graph, so every file parsed.
    bool ordered_by_name;
};

// Every front end, most specific first; the last claims any path.
std::span<const FrontEnd> front_ends();

// The front end that parses the file at `path`.
const FrontEnd& front_end_for(std::string_view path);

// Parses one file's text with its front end.
std::optional<Migration> parse_migration(std::shared_ptr<const SourceText> source, const FileLayout& layout,
                                         const std::set<std::string>& postgres_engines);

}  // namespace miglint

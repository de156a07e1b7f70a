// The SQL front end: PostgreSQL text → operations, through libpg_query.
#pragma once

#include <miglint/file_layout.hpp>
#include <miglint/migration.hpp>
#include <miglint/operation.hpp>

#include <functional>
#include <string_view>
#include <vector>

namespace miglint::sql {

// What lowering a piece of SQL yields. Spans are byte offsets into the text
// that was lowered; callers embedding SQL elsewhere remap them.
struct Lowered {
    std::vector<Operation> operations;
    std::vector<FrontEndDiagnostic> diagnostics;  // syntax errors, at the parser's position
};

// Splits `sql` into statements and lowers each one. A statement that does not
// parse becomes a `syntax-error` diagnostic and the others are still lowered.
// `Operation::statement` numbers statements from `first_statement`. A
// std::string, as libpg_query reads a NUL-terminated one: a file's own text
// is parsed in place.
Lowered lower_sql(const std::string& sql, std::uint32_t first_statement = 0);

// Rewrites every span in `lowered` through `map` (an offset in the lowered
// text → an offset in the file).
void remap_spans(Lowered& lowered, const std::function<std::uint32_t(std::uint32_t)>& map);

// Builds a migration from a whole .sql file, whose name discovery read as `layout`.
Migration parse_sql_file(std::shared_ptr<const SourceText> source, const FileLayout& layout);

}  // namespace miglint::sql

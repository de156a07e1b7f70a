#include "sql/sql_frontend.hpp"

#include <miglint/input_check.hpp>
#include "sql/identifiers.hpp"
#include "sql/lowering.hpp"
#include "sql/nesting.hpp"
#include "sql/newer_syntax.hpp"
#include "sql/pg_tree.hpp"
#include "sql/plpgsql.hpp"
#include "sql/runner_switch.hpp"
#include "sql/sql_layout.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

namespace miglint::sql {
namespace {

// Skips whitespace and comments so a statement's span starts at its first token.
std::uint32_t skip_trivia(std::string_view text, std::uint32_t i, std::uint32_t end) {
    while (i < end) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < end && text[i + 1] == '-') {
            while (i < end && text[i] != '\n' && text[i] != '\r') ++i;
        } else if (c == '/' && i + 1 < end && text[i + 1] == '*') {
            int depth = 0;  // PostgreSQL block comments nest
            do {
                if (text[i] == '/' && i + 1 < end && text[i + 1] == '*') {
                    ++depth;
                    i += 2;
                } else if (text[i] == '*' && i + 1 < end && text[i + 1] == '/') {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (i < end && depth > 0);
        } else {
            break;
        }
    }
    return i;
}

// Drops trailing whitespace so a span ends at the statement's last character.
std::uint32_t trim_end(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return end;
}

Span statement_span(std::string_view text, std::int32_t location, std::int32_t length) {
    const auto begin = static_cast<std::uint32_t>(std::max(location, 0));
    auto end = length > 0 ? begin + static_cast<std::uint32_t>(length) : static_cast<std::uint32_t>(text.size());
    end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text.size()));
    const auto start = skip_trivia(text, begin, end);
    return {start, trim_end(text, start, end)};
}

// PostgreSQL reports an error position as a 1-based character count; turn it into a byte offset.
std::uint32_t byte_offset_of_cursor(std::string_view text, std::uint32_t base, int cursor) {
    std::uint32_t i = base;
    for (int chars = 1; chars < cursor && i < text.size(); ++chars) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

FrontEndDiagnostic syntax_error(std::string_view text, const PgQueryError& error, std::uint32_t base, Span statement) {
    std::uint32_t at = error.cursorpos > 0 ? byte_offset_of_cursor(text, base, error.cursorpos) : statement.begin;
    if (at >= text.size()) at = statement.end > 0 ? statement.end - 1 : 0;  // "at end of input"
    const auto end = std::min<std::uint32_t>(at + 1, static_cast<std::uint32_t>(text.size()));
    std::string message = error.message != nullptr ? error.message : "syntax error";
    return {"syntax-error", message, {at, std::max(at, end)}, "fix the statement: PostgreSQL will reject this migration"};
}

FrontEndDiagnostic too_deep(std::uint32_t at) {
    return {"syntax-error",
            "statement nests more than " + std::to_string(k_max_nesting) +
                " levels deep (brackets, CASE, chained operators): not parsed, so nothing in it is checked",
            {at, at + 1}, "split the expression into smaller statements or named parts"};
}

FrontEndDiagnostic newer_syntax(const NewerSyntax& found, std::string_view text) {
    const auto version = std::to_string(found.since.major);
    const auto end = std::min<std::uint32_t>(found.at + 1, static_cast<std::uint32_t>(text.size()));
    std::string help = "if production runs PostgreSQL " + version + " or later, say so: pg-version = \"" + version +
                       "\" in the config (or --pg-version " + version + ")";
    if (!found.instead.empty()) help += "; otherwise " + found.instead;
    return {"requires-newer-postgres", found.what + " needs PostgreSQL " + version, {found.at, std::max(found.at, end)},
            std::move(help), found.since};
}

bool only_trivia(std::string_view text, Span span) { return skip_trivia(text, span.begin, span.end) >= span.end; }

// The string argument of the DefElem `name` in `args` (DO's body and language).
std::string def_elem_text(Node* const* args, std::size_t count, std::string_view name) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto* arg = args[i];
        if (arg == nullptr || arg->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || arg->def_elem->defname == nullptr) continue;
        if (name == arg->def_elem->defname) return string_of(arg->def_elem->arg);
    }
    return {};
}

void lower_plpgsql(const Node* stmt, std::string_view text, Span span, std::uint32_t statement, Lowered& out) {
    if (stmt == nullptr) return;
    if (stmt->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
        const auto& block = *stmt->do_stmt;
        const auto language = def_elem_text(block.args, block.n_args, "language");
        if (language.empty() || language == "plpgsql") {
            lower_do_block(text, span, def_elem_text(block.args, block.n_args, "as"), statement, out);
        }
    } else if (stmt->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
        const auto& create = *stmt->create_function_stmt;
        if (def_elem_text(create.options, create.n_options, "language") == "plpgsql") check_function_body(text, span, out);
    }
}

void lower_parsed(const PgQuery__ParseResult& tree, std::string_view text, std::uint32_t base, Span limit,
                  std::uint32_t& statement, Lowered& out) {
    out.operations.reserve(out.operations.size() + tree.n_stmts);  // about one operation per statement
    // Once over the whole text: nearly every file has no long name, and then no statement needs the scanner.
    const bool long_names = may_have_long_identifier(text.substr(base, limit.end - base));
    for (std::size_t i = 0; i < tree.n_stmts; ++i) {
        const auto* raw = tree.stmts[i];
        if (raw == nullptr) continue;
        auto span = statement_span(text.substr(0, limit.end), static_cast<std::int32_t>(base) + raw->stmt_location,
                                   raw->stmt_len);
        if (raw->stmt_len == 0) span.end = trim_end(text, span.begin, limit.end);
        const StatementText statement_text{text, base, span};
        LowerContext ctx(statement_text, statement++, out.operations);
        const auto first_op = out.operations.size();
        lower_statement(raw->stmt, ctx);
        for (const auto& found : find_newer_syntax(raw->stmt, statement_text)) {
            out.diagnostics.push_back(newer_syntax(found, text));
        }
        if (long_names && out.operations.size() > first_op) {
            const auto cut = truncated_identifiers(text.substr(span.begin, span.size()));
            for (auto k = first_op; !cut.empty() && k < out.operations.size(); ++k) out.operations[k].truncated_identifiers = cut;
        }
        lower_plpgsql(raw->stmt, text, span, statement - 1, out);
    }
}

// The statements of `text` up to `scan_end`, as the scanner splits them, or
// empty (and a diagnostic) when the scanner fails there.
std::optional<std::vector<Span>> split_statements(const std::string& text, std::uint32_t scan_end, Lowered& out) {
    const std::string scanned = text.substr(0, scan_end);
    const auto split = pg_query_split_with_scanner(scanned.c_str());
    if (split.error != nullptr) {
        out.diagnostics.push_back(syntax_error(text, *split.error, 0, {0, scan_end}));
        pg_query_free_split_result(split);
        return std::nullopt;
    }
    // The scanner splitter silently drops a statement that starts with an
    // identifier ("SELEC 1;"), so the gaps between the statements it returns
    // are parsed too: nothing in the file goes unread.
    std::vector<Span> pieces;
    std::uint32_t cursor = 0;
    const auto add_gap = [&](std::uint32_t until) {
        auto begin = cursor;
        while (begin < until && (text[begin] == ';' || std::isspace(static_cast<unsigned char>(text[begin])))) ++begin;
        const Span gap{skip_trivia(text, begin, until), trim_end(text, begin, until)};
        if (!gap.empty() && !only_trivia(text, gap)) pieces.push_back(gap);
    };
    for (int i = 0; i < split.n_stmts; ++i) {
        const auto* stmt = split.stmts[i];
        const auto span = statement_span(scanned, stmt->stmt_location, stmt->stmt_len);
        if (span.begin > cursor) add_gap(span.begin);
        if (!span.empty() && !only_trivia(text, span)) pieces.push_back(span);
        cursor = std::max(cursor, span.end);
    }
    add_gap(scan_end);
    pg_query_free_split_result(split);
    return pieces;
}

// The slow path for a file with a syntax error: split with the scanner and
// parse statement by statement, so one bad statement hides nothing else.
void lower_statement_by_statement(const std::string& text, std::uint32_t& statement, Lowered& out) {
    const auto size = static_cast<std::uint32_t>(text.size());
    auto split = split_statements(text, size, out);
    if (!split) {
        // An unterminated quote or comment runs to the end of the file: the
        // statements that end (at a `;`) before it still count.
        const auto error_at = out.diagnostics.back().span.begin;
        const auto last_end = text.rfind(';', error_at == 0 ? 0 : error_at - 1);
        if (error_at == 0 || last_end == std::string::npos) return;
        Lowered ignored;  // a second scanner error there would repeat the first
        split = split_statements(text, static_cast<std::uint32_t>(last_end + 1), ignored);
        if (!split) return;
    }
    auto& pieces = *split;
    std::sort(pieces.begin(), pieces.end(), [](Span a, Span b) { return a.begin < b.begin; });
    for (const auto span : pieces) {
        // Parse the statement alone; `base` shifts its node locations back to file offsets.
        const std::string piece = text.substr(span.begin, span.size());
        if (const auto at = too_deep_at(piece)) {
            out.diagnostics.push_back(too_deep(span.begin + *at));
            ++statement;
            continue;
        }
        const ParseTree tree(piece.c_str());
        if (!tree.ok()) {
            out.diagnostics.push_back(syntax_error(text, *tree.error(), span.begin, span));
            ++statement;
            continue;
        }
        lower_parsed(*tree.tree(), text, span.begin, {0, span.end}, statement, out);
    }
}

// The down file an up file of `layout` pairs with, quoted for messages; empty
// for layouts whose down file is optional or absent.
std::string down_file_for(const std::string& path, NameLayout layout) {
    const auto name = std::filesystem::path(path).filename().string();
    if (layout == NameLayout::up_in_dir) {
        return "`" + std::filesystem::path(path).parent_path().filename().string() + "/down.sql`";
    }
    if (layout == NameLayout::up_file) return "`" + name.substr(0, name.size() - std::string_view(".up.sql").size()) + ".down.sql`";
    return "";
}

}  // namespace

Lowered lower_sql(const std::string& text, std::uint32_t first_statement) {
    Lowered out;
    std::uint32_t statement = first_statement;
    // Too deep for libpg_query's recursion somewhere: statement by statement,
    // so only the deep one goes unparsed.
    if (too_deep_at(text)) {
        lower_statement_by_statement(text, statement, out);
        return out;
    }
    const ParseTree tree(text.c_str());
    if (tree.ok()) {
        lower_parsed(*tree.tree(), text, 0, {0, static_cast<std::uint32_t>(text.size())}, statement, out);
    } else {
        lower_statement_by_statement(text, statement, out);
    }
    return out;
}

void remap_spans(Lowered& lowered, const std::function<std::uint32_t(std::uint32_t)>& map) {
    const auto remap = [&](Span& span) {
        const bool was_empty = span.begin == span.end;
        span.begin = map(span.begin);
        span.end = was_empty ? span.begin : map(span.end);
    };
    for (auto& op : lowered.operations) {
        remap(op.span);
        op.visit(
            [&](auto& data) {
                using T = std::decay_t<decltype(data)>;
                if constexpr (std::is_same_v<T, AddColumn>) {
                    remap(data.column.span);
                    if (data.column.default_value) remap(data.column.default_value->span);
                    for (auto& c : data.column.constraints) remap(c.span);
                } else if constexpr (std::is_same_v<T, CreateTable>) {
                    for (auto& column : data.columns) {
                        remap(column.span);
                        if (column.default_value) remap(column.default_value->span);
                        for (auto& c : column.constraints) remap(c.span);
                    }
                    for (auto& c : data.constraints) remap(c.span);
                } else if constexpr (std::is_same_v<T, AddConstraint> || std::is_same_v<T, AlterDomainAddConstraint>) {
                    remap(data.constraint.span);
                } else if constexpr (std::is_same_v<T, SetDefault>) {
                    if (data.value) remap(data.value->span);
                } else if constexpr (std::is_same_v<T, CreateIndex>) {
                    if (data.where) remap(data.where->span);
                } else if constexpr (std::is_same_v<T, DataChange>) {
                    if (!data.written) return;
                    for (auto* part : {&data.written->with, &data.written->relation, &data.written->set, &data.written->from,
                                       &data.written->where}) {
                        remap(part->span);
                    }
                    for (auto& a : data.written->assignments) remap(a.value.span);
                }
            });
    }
    for (auto& diagnostic : lowered.diagnostics) remap(diagnostic.span);
}

// ory/pop runs X.postgres.up.sql instead of X.up.sql on PostgreSQL: the generic file never
// runs there. `.autocommit` is a flag after the dialect, so X.autocommit.up.sql is generic too,
// and X.postgres.autocommit.up.sql replaces it as well. The only look at the file system a
// SQL file's parse makes, for generic up/down files only.
static bool replaced_for_postgres(const std::string& path, const FileLayout& name) {
    if (!name.dialect.empty() || (name.layout != NameLayout::up_file && name.layout != NameLayout::down_file)) {
        return false;
    }
    const std::string direction = name.layout == NameLayout::up_file ? ".up.sql" : ".down.sql";
    if (path.size() <= direction.size()) return false;
    std::string_view stem(path.data(), path.size() - direction.size());
    if (name.autocommit) stem.remove_suffix(std::string_view(".autocommit").size());
    std::error_code ec;
    for (const std::string_view dialect : {".postgres", ".postgresql"}) {
        for (const std::string_view flag : {"", ".autocommit"}) {
            if (std::filesystem::exists(std::string(stem).append(dialect).append(flag).append(direction), ec)) return true;
        }
    }
    return false;
}

Migration parse_sql_file(std::shared_ptr<const SourceText> source, const FileLayout& name) {
    Migration migration;
    migration.kind = FileKind::sql;
    migration.source = source;
    const std::string_view text = source->text();
    if (auto problem = check_text_input(text)) {
        migration.diagnostics.push_back(*problem);
        // Bytes PostgreSQL would reject do not stop the rest being linted,
        // but a NUL byte makes the file unreadable as text.
        if (problem->message.find("NUL") != std::string::npos) return migration;
    }
    // Blank the byte order mark so every offset stays a file offset: a copy
    // only then, else (nearly always) the file's own text is parsed.
    const auto bom = bom_length(text);
    std::string blanked_copy;
    if (bom > 0) blanked_copy = std::string(text).replace(0, bom, bom, ' ');
    // pop expands Go template actions ({{ index .Options "Namespace" }}) before the file runs.
    if (text.find("{{") != std::string_view::npos) {
        if (blanked_copy.empty()) blanked_copy = std::string(text);
        blank_go_templates(blanked_copy);
    }
    const std::string& blanked = !blanked_copy.empty() ? blanked_copy : source->text();
    migration.version = name.version;
    // Each <version>/ folder holds one migration: the set is the folder above.
    migration.group = name.set_folder;
    // pop runs an `.autocommit` file outside its transaction but as one Exec of
    // the whole text: one query string, which PostgreSQL runs as one implicit
    // transaction when it holds more than one statement.
    migration.runner = name.autocommit ? RunnerTransaction::single_query : runner_for(name.layout);
    // X.mysql.up.sql and its kin never run on PostgreSQL: only the revision graph is checked.
    if (const auto other = other_database_of(name.dialect); !other.empty()) {
        migration.not_postgres = true;
        migration.other_database = other;
    } else if (replaced_for_postgres(source->path(), name)) {
        migration.not_postgres = true;
    } else if (name.unlisted_in_manifest) {
        migration.not_postgres = true;  // it never runs at all; the graph is all there is to check
        migration.other_database = "unlisted";
    }
    migration.upgrade_span = {0, 0};
    const auto lower_into = [&](const std::string& part, std::vector<Operation>& ops) {
        auto lowered = lower_sql(part);
        ops = std::move(lowered.operations);
        // Kept until the file is checked, with every other file's: no large slack.
        if (ops.capacity() > ops.size() + ops.size() / 8) ops.shrink_to_fit();
        migration.diagnostics.insert(migration.diagnostics.end(), lowered.diagnostics.begin(), lowered.diagnostics.end());
    };
    const auto markers = find_direction_markers(blanked);
    if (markers.style == MarkerStyle::none) {
        lower_into(blanked, migration.upgrade);
        migration.takes_split_migration =
            !name.autocommit && name.dialect.empty() &&
            (name.layout == NameLayout::up_file || name.layout == NameLayout::up_in_dir ||
             name.layout == NameLayout::prisma_in_dir || name.layout == NameLayout::flyway_versioned);
        if (!name.autocommit) apply_runner_switch(migration, name.layout, static_cast<std::uint32_t>(bom));
        migration.pair_key = name.pair_key;
        migration.is_down_file = name.is_down();
        migration.downgrade_place = down_file_for(source->path(), name.layout);
        return migration;
    }
    // goose and dbmate wrap each file in a transaction unless a marker opts out. Opted out, goose
    // runs the statements one by one; dbmate sends the section as one query string (tx.Exec of the
    // whole section), so several statements still share an implicit transaction (dbmate #126, #285).
    migration.runner_after_opt_out =
        markers.style == MarkerStyle::dbmate ? RunnerTransaction::single_query : RunnerTransaction::none;
    migration.runner = markers.no_transaction ? migration.runner_after_opt_out : RunnerTransaction::per_file;
    migration.runner_transaction_opt_out = transaction_opt_out(blanked, markers, static_cast<std::uint32_t>(bom));
    migration.upgrade_span = markers.up_marker;
    migration.downgrade_place = markers.style == MarkerStyle::goose ? "the `-- +goose Down` section" : "the `-- migrate:down` section";
    lower_into(keep_only(blanked, markers.up), migration.upgrade);
    if (!markers.down) {
        migration.downgrade_shape = DowngradeShape::absent;
        return migration;
    }
    migration.downgrade_span = *markers.down_marker;
    const auto diagnostics_before = migration.diagnostics.size();
    lower_into(keep_only(blanked, *markers.down), migration.downgrade);
    // A section whose SQL does not parse is broken, not empty: syntax-error says so.
    const bool unparsed = migration.diagnostics.size() > diagnostics_before;
    migration.downgrade_shape = migration.downgrade.empty() && !unparsed ? DowngradeShape::empty : DowngradeShape::present;
    return migration;
}

}  // namespace miglint::sql

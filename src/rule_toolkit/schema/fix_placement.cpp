// Where fixes put statements so they run outside the migration's transaction
// (declared in predicates.hpp).
#include "schema/predicates.hpp"

#include <miglint/sql_names.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace miglint {
namespace {

std::size_t statement_count(const std::vector<Operation>& ops) {
    std::set<std::uint32_t> statements;
    for (const auto& op : ops) statements.insert(op.statement);
    return statements.size();
}

// True when a runner that sends a file as `runner` says runs `statements` statements each on its own.
bool runs_each_alone(RunnerTransaction runner, std::size_t statements) {
    // A query string of several statements is one implicit transaction.
    return runner == RunnerTransaction::none || (runner == RunnerTransaction::single_query && statements <= 1);
}

bool opened_by_begin_before(const RuleContext& ctx) {
    for (std::size_t i = 0; i < ctx.position(); ++i) {
        const auto* tx = ctx.operations()[i].get<Transaction>();
        if (tx != nullptr && tx->kind == TransactionKind::begin) return true;
    }
    return false;
}

// goose reads statements between StatementBegin and StatementEnd as one: text
// put beside a statement there would join it.
bool groups_statements(const SourceText& source) {
    return source.text().find("+goose StatementBegin") != std::string::npos;
}

std::uint32_t line_end_of(const SourceText& source, std::uint32_t offset) {
    const auto line = source.line_of(offset);
    return source.line_start(line) + static_cast<std::uint32_t>(source.line_text(line).size());
}

// Where the `;` ending the statement at `span` is, skipping blanks and comments; empty when none follows.
std::optional<std::uint32_t> semicolon_after(const SourceText& source, Span span) {
    const auto& text = source.text();
    std::size_t i = span.end;
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
            ++i;
        } else if (text.compare(i, 2, "--") == 0) {
            i = text.find('\n', i);
            if (i == std::string::npos) return std::nullopt;
        } else if (text.compare(i, 2, "/*") == 0) {
            i = text.find("*/", i + 2);
            if (i == std::string::npos) return std::nullopt;
            i += 2;
        } else {
            break;
        }
    }
    if (i >= text.size() || text[i] != ';') return std::nullopt;
    return static_cast<std::uint32_t>(i);
}

std::string statements_text(const std::vector<std::string>& statements, const std::string& separator) {
    std::string out;
    for (const auto& statement : statements) out += (out.empty() ? "" : separator) + statement + ";";
    return out;
}

}  // namespace

std::string line_ending_at(const std::string& text, std::uint32_t line_end) {
    if (line_end < text.size() && text[line_end] == '\r') {
        return line_end + 1 < text.size() && text[line_end + 1] == '\n' ? "\r\n" : "\r";
    }
    return "\n";
}

bool is_single_command(const Operation& op, const RuleContext& ctx) {
    const auto& ops = ctx.operations();
    return std::count_if(ops.begin(), ops.end(), [&](const Operation& o) { return o.statement == op.statement; }) == 1;
}

void RunnerEdits::add_to(Fix& fix) const {
    fix.edits.insert(fix.edits.begin(), edits.begin(), edits.end());
    fix.new_files.insert(fix.new_files.end(), files.begin(), files.end());
}

std::optional<RunnerEdits> outside_transaction(const Operation& op, const RuleContext& ctx, std::size_t added) {
    const auto& migration = ctx.migration();
    const auto statements = statement_count(ctx.operations()) + added;
    if (op.in_transaction != InTransaction::yes) {
        // `op` alone already runs outside; what follows it must not join it in one query string.
        if (added == 0 || runs_each_alone(migration.runner, statements)) return RunnerEdits{};
        return std::nullopt;
    }
    const auto& opt_out = migration.runner_transaction_opt_out;
    // Config names the runner: the file's markers would not change what miglint assumes.
    if (!opt_out || ctx.settings().sql_runner || migration.runner != RunnerTransaction::per_file) return std::nullopt;
    // A BEGIN of the file's own keeps its transaction whatever the runner does.
    if (opened_by_begin_before(ctx)) return std::nullopt;
    if (!runs_each_alone(migration.runner_after_opt_out, statements)) return std::nullopt;
    // Flyway refuses a file that mixes CONCURRENTLY (and its kin) with other statements, switch or not.
    if (migration.runner_detects_outside_transaction &&
        std::any_of(ctx.operations().begin(), ctx.operations().end(), flyway_runs_outside_transaction)) {
        return std::nullopt;
    }
    return RunnerEdits{opt_out->edits, opt_out->new_files, opt_out->description};
}

std::optional<Edit> insert_after_statement(const Operation& op, const SourceText& source,
                                           const std::vector<std::string>& statements) {
    if (!is_plain_sql(op, source) || groups_statements(source)) return std::nullopt;
    const auto semicolon = semicolon_after(source, op.span);
    if (!semicolon) return std::nullopt;
    const auto after = *semicolon + 1;
    const auto end = line_end_of(source, *semicolon);
    const auto rest = source.slice({after, end});
    const auto first = rest.find_first_not_of(" \t");
    // Another statement follows on the line: the new ones go between.
    if (first != std::string_view::npos && !rest.substr(first).starts_with("--")) {
        return Edit{{after, after}, " " + statements_text(statements, " ")};
    }
    const auto eol = line_ending_at(source.text(), end);
    return Edit{{end, end}, eol + statements_text(statements, eol)};
}

std::optional<Edit> insert_before_statement(const Operation& op, const SourceText& source,
                                            const std::vector<std::string>& statements) {
    if (!is_plain_sql(op, source) || groups_statements(source)) return std::nullopt;
    const auto start = source.line_start(source.line_of(op.span.begin));
    const auto indent = source.slice({start, op.span.begin});
    const auto separator = indent.find_first_not_of(" \t") == std::string_view::npos
                               ? line_ending_at(source.text(), line_end_of(source, op.span.begin)) + std::string(indent)
                               : std::string(" ");
    return Edit{{op.span.begin, op.span.begin}, statements_text(statements, separator) + separator};
}

std::optional<RunnerEdits> after_commit(const Operation& op, const RuleContext& ctx,
                                        const std::vector<std::string>& statements) {
    const auto& source = *ctx.migration().source;
    if (ctx.is_alembic()) {
        std::vector<std::string> calls;
        for (const auto& statement : statements) calls.push_back(alembic_execute(statement));
        auto edit = alembic_after_commit(op, source, joined(calls, "\n"));
        if (!edit) return std::nullopt;
        return RunnerEdits{{std::move(*edit)}, {}, op.in_transaction == InTransaction::yes ? "an autocommit block" : ""};
    }
    auto outside = outside_transaction(op, ctx, statements.size());
    auto edit = insert_after_statement(op, source, statements);
    if (!outside || !edit) return std::nullopt;
    outside->edits.push_back(std::move(*edit));
    return outside;
}

namespace {

std::string alembic_lines(const std::vector<Step>& steps, HelpLanguage language) {
    std::vector<std::string> lines;
    for (const auto& step : steps) lines.push_back(alembic_call(step, language));
    return joined(lines, "\n");
}

std::vector<std::string> statements_of(const std::vector<Step>& steps) {
    std::vector<std::string> out;
    for (const auto& step : steps) out.push_back(step.sql);
    return out;
}

}  // namespace

std::optional<RunnerEdits> steps_around(const Operation& op, const RuleContext& ctx, const std::vector<Step>& before,
                                        const std::vector<Step>& after_commit, const std::vector<Step>& after) {
    const auto& source = *ctx.migration().source;
    std::optional<Edit> edit_before;
    std::optional<Edit> edit_after;
    RunnerEdits out;
    if (ctx.is_alembic()) {
        const auto language = help_language(op, ctx);
        auto code = alembic_lines(before, language);
        if (!after_commit.empty()) {
            code += (code.empty() ? "" : "\n") + alembic_outside_transaction(op, alembic_lines(after_commit, language));
        }
        edit_before = alembic_before(op, source, code);
        edit_after = alembic_after(op, source, alembic_lines(after, language));
    } else {
        // Each statement joining the file must commit on its own.
        auto outside = outside_transaction(op, ctx, before.size() + after_commit.size() + after.size());
        if (!outside) return std::nullopt;
        out = std::move(*outside);
        auto ahead = statements_of(before);
        for (const auto& step : after_commit) ahead.push_back(step.sql);
        edit_before = insert_before_statement(op, source, ahead);
        edit_after = insert_after_statement(op, source, statements_of(after));
    }
    if (!edit_before || !edit_after) return std::nullopt;
    out.edits.push_back(std::move(*edit_before));
    out.edits.push_back(std::move(*edit_after));
    return out;
}

std::optional<RunnerEdits> replace_then_after_commit(const Operation& op, const RuleContext& ctx, const Step& replacement,
                                                     const std::vector<Step>& after_commit) {
    const auto& source = *ctx.migration().source;
    if (ctx.is_alembic()) {
        const auto language = help_language(op, ctx);
        auto edit = alembic_replace(op, source, alembic_call(replacement, language) + "\n" +
                                                    alembic_outside_transaction(op, alembic_lines(after_commit, language)));
        if (!edit) return std::nullopt;
        return RunnerEdits{{std::move(*edit)}, {}, op.in_transaction == InTransaction::yes ? "an autocommit block" : ""};
    }
    if (!is_plain_sql(op, source)) return std::nullopt;
    auto after = miglint::after_commit(op, ctx, statements_of(after_commit));
    if (!after) return std::nullopt;
    after->edits.push_back({op.span, replacement.sql});
    return after;
}

namespace {

// What it takes for `op`, once CONCURRENTLY, to run outside a transaction
// block. Flyway runs a file outside one by itself when every statement in it
// must run so, and refuses a file that mixes such statements with others.
std::optional<RunnerEdits> outside_once_concurrent(const Operation& op, const RuleContext& ctx) {
    const auto& migration = ctx.migration();
    if (!migration.runner_detects_outside_transaction || op.in_transaction != InTransaction::yes ||
        ctx.settings().sql_runner || opened_by_begin_before(ctx)) {
        return outside_transaction(op, ctx, 0);
    }
    const auto& ops = ctx.operations();
    const bool alone = std::all_of(ops.begin(), ops.end(), [&](const Operation& other) {
        return other.statement == op.statement || flyway_runs_outside_transaction(other);
    });
    if (alone) return RunnerEdits{};
    return std::nullopt;
}

// The edit that takes the statement of `op` out of its file: its `;`, a
// comment after it, and its line when nothing else is on it.
std::optional<Edit> remove_statement(const Operation& op, const SourceText& source) {
    const auto semicolon = semicolon_after(source, op.span);
    if (!semicolon) return std::nullopt;
    const auto line_start = source.line_start(source.line_of(op.span.begin));
    const auto before = source.slice({line_start, op.span.begin});
    const bool starts_line = before.find_first_not_of(" \t") == std::string_view::npos;
    const auto end = line_end_of(source, *semicolon);
    const auto rest = source.slice({*semicolon + 1, end});
    const auto first = rest.find_first_not_of(" \t\r");
    const bool ends_line = first == std::string_view::npos || rest.substr(first).starts_with("--");
    if (!starts_line || !ends_line) return Edit{{op.span.begin, *semicolon + 1}, ""};
    const auto& text = source.text();
    return Edit{{line_start, end < text.size() ? end + 1 : end}, ""};
}

bool has_explicit_transaction(const RuleContext& ctx) {
    return std::any_of(ctx.operations().begin(), ctx.operations().end(),
                       [](const Operation& o) { return o.get<Transaction>() != nullptr; });
}

// `name` as words for a file name: lower case, runs of other bytes as one `_`.
std::string title_words(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0) {
            out += static_cast<char>(std::tolower(u));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.substr(0, 48);
}

// True when the downgrade of this migration drops the index `name` itself.
bool downgrade_drops_index(const RuleContext& ctx, const std::string& name) {
    const auto& down = ctx.migration().downgrade;
    return std::any_of(down.begin(), down.end(), [&](const Operation& o) {
        const auto* drop = o.get<DropIndex>();
        return drop != nullptr && drop->index.name == name;
    });
}

// True when a statement after `op` in its migration touches the table `op`
// works on (or one whose tables are unknown): moved after them, `op` could
// meet a dropped column, or a foreign key could miss the unique index it needs.
bool later_statements_touch_its_table(const Operation& op, const RuleContext& ctx) {
    const auto own = table_locks(op, ctx);
    if (own.empty() || own.front().table.name.empty()) return true;
    const auto& table = own.front().table;
    const auto& ops = ctx.operations();
    for (auto i = ctx.position() + 1; i < ops.size(); ++i) {
        const auto& later = ops[i];
        if (later.statement == op.statement) continue;
        const auto kind = later.kind();
        if (kind == OpKind::other || kind == OpKind::do_block || kind == OpKind::unresolved || kind == OpKind::create_function) {
            return true;
        }
        for (const auto& lock : table_locks(later, ctx)) {
            if (lock.table.name.empty() || SchemaState::key(lock.table) == SchemaState::key(table)) return true;
        }
    }
    return false;
}

// The statement of `op`, moved with `keyword` edits applied to it into a
// migration of its own after this one; empty where the layout takes none or
// the statement cannot be cut out whole.
std::optional<Fix> split_fix(const Operation& op, const RuleContext& ctx, const std::vector<Edit>& keyword) {
    const auto& migration = ctx.migration();
    const auto& source = *migration.source;
    if (!migration.takes_split_migration || ctx.settings().sql_runner || !is_plain_sql(op, source) ||
        !is_single_command(op, ctx) || has_explicit_transaction(ctx) || groups_statements(source) ||
        later_statements_touch_its_table(op, ctx)) {
        return std::nullopt;
    }
    auto removal = remove_statement(op, source);
    if (!removal) return std::nullopt;
    std::string statement(source.slice(op.span));
    for (auto it = keyword.rbegin(); it != keyword.rend(); ++it) {
        if (it->span.begin < op.span.begin || it->span.end > op.span.end) return std::nullopt;
        statement.replace(it->span.begin - op.span.begin, it->span.end - it->span.begin, it->replacement);
    }
    SplitMigration split{"", statement + ";\n", ""};
    if (const auto* create = op.get<CreateIndex>()) {
        if (create->name.empty()) return std::nullopt;  // the down direction needs its name
        split.title = title_words("concurrent index " + create->name);
        if (!downgrade_drops_index(ctx, create->name)) {
            split.down = "DROP INDEX CONCURRENTLY IF EXISTS " + quote_qualified({create->table.schema, create->name}) + ";\n";
        }
    } else if (const auto* drop = op.get<DropIndex>()) {
        split.title = title_words("drop index " + drop->index.name);
    } else {
        return std::nullopt;
    }
    Fix fix{"move it, CONCURRENTLY, into a migration of its own after this one", {std::move(*removal)}, true};
    fix.split = std::move(split);
    return fix;
}

std::optional<Fix> concurrently_outside(const Operation& op, const RuleContext& ctx, std::vector<Edit> keyword,
                                        std::string description) {
    if (const auto outside = outside_once_concurrent(op, ctx)) {
        Fix fix{std::move(description), std::move(keyword)};
        if (outside->empty()) return fix;
        fix.description += " and " + outside->note;
        outside->add_to(fix);
        fix.unsafe = true;  // the file's opt-out takes every statement in it out of the runner's transaction
        return fix;
    }
    return split_fix(op, ctx, keyword);
}

}  // namespace

std::optional<Fix> add_concurrently(const Operation& op, const RuleContext& ctx, std::optional<std::uint32_t> at) {
    if (!at) return std::nullopt;
    return concurrently_outside(op, ctx, {{{*at, *at}, " CONCURRENTLY"}}, "add CONCURRENTLY");
}

std::optional<Fix> run_outside_where_it_stands(const Operation& op, const RuleContext& ctx) {
    if (ctx.is_alembic()) return wrap_in_autocommit_block(op, *ctx.migration().source);
    const auto outside = outside_transaction(op, ctx, 0);
    if (!outside || outside->empty()) return std::nullopt;
    Fix fix{"run the migration outside a transaction (" + outside->note + ")", {}, true};
    outside->add_to(fix);
    return fix;
}

std::optional<Fix> run_concurrently_outside(const Operation& op, const RuleContext& ctx) {
    if (ctx.is_alembic()) return wrap_in_autocommit_block(op, *ctx.migration().source);
    auto fix = concurrently_outside(op, ctx, {}, "run it outside the transaction");
    if (fix && fix->edits.empty() && fix->new_files.empty()) return std::nullopt;  // nothing would change
    return fix;
}

}  // namespace miglint

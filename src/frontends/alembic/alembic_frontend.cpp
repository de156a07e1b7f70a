#include "alembic/alembic_frontend.hpp"

#include "alembic/body_walker.hpp"
#include "alembic/error_recovery.hpp"
#include "alembic/tokenizer_checks.hpp"
#include "alembic/module_scope.hpp"
#include "alembic/revision_info.hpp"
#include "alembic/syntax_tree.hpp"

#include <string>

namespace miglint::alembic {
namespace {

// The functions of one direction, in the order they run: `upgrade()`, then
// `upgrade_<engine>()` for each engine that runs against PostgreSQL.
std::vector<Node> direction_functions(const ModuleLevel& module, std::string_view direction,
                                      const std::set<std::string>& postgres_engines) {
    std::vector<Node> functions;
    const auto plain = module.functions.find(direction);
    if (plain != module.functions.end()) functions.push_back(plain->second);
    for (const auto& [name, node] : module.functions) {
        const std::string_view n = name;
        if (n.size() > direction.size() + 1 && n.substr(0, direction.size()) == direction && n[direction.size()] == '_' &&
            postgres_engines.count(std::string(n.substr(direction.size() + 1))) > 0) {
            functions.push_back(node);
        }
    }
    return functions;
}

bool is_trivial(Node statement) {
    if (statement.is("pass_statement") || statement.is("comment")) return true;
    if (!statement.is("expression_statement") || statement.named_child_count() != 1) return false;
    const Node only = statement.named_child(0);
    return only.is("ellipsis") || only.is("string") || only.is("concatenated_string");
}

DowngradeShape shape_of(Node function) {
    for (const Node statement : function.field("body").named_children()) {
        if (is_trivial(statement)) continue;
        return statement.is("raise_statement") ? DowngradeShape::raises : DowngradeShape::present;
    }
    return DowngradeShape::empty;
}

DowngradeShape downgrade_shape(const std::vector<Node>& functions) {
    if (functions.empty()) return DowngradeShape::absent;
    DowngradeShape shape = DowngradeShape::empty;
    for (const Node function : functions) {
        const auto one = shape_of(function);
        if (one == DowngradeShape::present) return one;
        if (one == DowngradeShape::raises) shape = one;
    }
    return shape;
}

void lower_direction(const std::vector<Node>& functions, const Evaluator& eval, const ModuleLevel& module,
                     std::vector<Operation>& ops, std::vector<FrontEndDiagnostic>& diagnostics) {
    OpSink sink(ops, diagnostics);
    BodyWalker walker(eval, module.scope, sink);
    for (const Node function : functions) walker.walk_function(function);
    ops.shrink_to_fit();  // kept for the whole run: a long history holds many of these
}

}  // namespace

const std::set<std::string>& default_postgres_engines() {
    static const std::set<std::string> engines{"postgresql", "postgres"};
    return engines;
}

std::optional<Migration> parse_revision(std::shared_ptr<const SourceText> source,
                                       const std::set<std::string>& postgres_engines) {
    if (!source) return std::nullopt;
    const RecoveredParse parse = parse_with_recovery(*source);
    const Node root = parse.tree->root();
    if (!root) return std::nullopt;
    const Evaluator eval(parse.text);
    ModuleLevel module;
    read_module(root, eval, module);
    const bool has_revision = module.assignments.count("revision") > 0;
    const bool has_upgrade = module.functions.count("upgrade") > 0;
    if (!has_revision && !has_upgrade) {
        // Indented too deeply for Python, or with a NUL byte before its revision (the parse stops
        // there), a revision can look like none to tree-sitter: it is reported, not skipped.
        auto refused = too_deep_indentation(source->text());
        const auto text = source->text();
        const bool nul_in_revision = text.find('\0') != std::string_view::npos &&
                                     (text.find("revision") != std::string_view::npos ||
                                      text.find("def upgrade") != std::string_view::npos);
        if (!refused && nul_in_revision) refused = tokenizer_error(root, parse.text, text);
        if (!refused) return std::nullopt;
        Migration broken;
        broken.source = source;
        broken.kind = FileKind::other;
        broken.diagnostics.push_back(*refused);
        return broken;
    }

    Migration migration;
    migration.source = source;
    migration.kind = FileKind::alembic_revision;
    migration.runner = RunnerTransaction::per_file;
    migration.revision = read_revision_info(module, eval);
    // One syntax error per file, as Python reports one: bytes and tokens Python refuses come first.
    if (auto refused = tokenizer_error(root, parse.text, source->text())) {
        migration.diagnostics.push_back(*refused);
    } else if (parse.error) {
        migration.diagnostics.push_back(*parse.error);
    }

    const auto upgrades = direction_functions(module, "upgrade", postgres_engines);
    const auto downgrades = direction_functions(module, "downgrade", postgres_engines);
    if (!upgrades.empty()) migration.upgrade_span = upgrades.front().field("name").span();
    if (!downgrades.empty()) migration.downgrade_span = downgrades.front().field("name").span();
    migration.downgrade_shape = downgrade_shape(downgrades);
    lower_direction(upgrades, eval, module, migration.upgrade, migration.diagnostics);
    lower_direction(downgrades, eval, module, migration.downgrade, migration.diagnostics);
    return migration;
}

}  // namespace miglint::alembic

// The parse-only floor: the files miglint would lint, read once and parsed by
// the same libraries and calls miglint uses, and nothing else. SQL goes through
// miglint's ParseTree (pg_query_parse_protobuf, unpacked by protobuf-c into a
// per-thread arena: miglint's path for a file without syntax errors); Python
// through tree-sitter-python. Files are shared
// out to threads exactly as lint_paths does (core/parallel.hpp), so miglint's
// time over this one, at the same --jobs, is the cost of everything else:
// lowering, replay, rules, suppressions and output.
//
// With --plpgsql the floor also parses each PL/pgSQL body (DO blocks and
// LANGUAGE plpgsql functions) with pg_query_parse_plpgsql, as miglint does to
// check them: the parse of everything miglint parses, not only the statements.
//
// Usage: miglint_parse_floor [--jobs N] [--plpgsql] PATH...
// Prints one line: files, statements, bytes, syntax errors, PL/pgSQL bodies parsed, seconds.
#include <miglint/parallel.hpp>
#include "sql/pg_tree.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" const TSLanguage* tree_sitter_python();

namespace {

struct Counts {
    std::atomic<std::size_t> statements{0};
    std::atomic<std::size_t> bytes{0};
    std::atomic<std::size_t> errors{0};
    std::atomic<std::size_t> bodies{0};
};

// The string value of the DefElem `name` among `args` (DO's body and language, a function's language).
std::string def_elem(PgQuery__Node* const* args, std::size_t count, std::string_view name) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto* arg = args[i];
        if (arg == nullptr || arg->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || arg->def_elem->defname == nullptr) continue;
        if (name != arg->def_elem->defname) continue;
        const auto* value = arg->def_elem->arg;
        if (value != nullptr && value->node_case == PG_QUERY__NODE__NODE_STRING && value->string->sval != nullptr) {
            return value->string->sval;
        }
    }
    return {};
}

void parse_body(const std::string& sql, Counts& counts) {
    const auto result = pg_query_parse_plpgsql(sql.c_str());
    if (result.error != nullptr) ++counts.errors;
    ++counts.bodies;
    pg_query_free_plpgsql_parse_result(result);
}

// The PL/pgSQL bodies of the statements of `tree`, parsed the way miglint
// parses them: a DO block wrapped in a function, a function as written.
void parse_plpgsql_bodies(const std::string& text, const PgQuery__ParseResult& tree, Counts& counts) {
    for (std::size_t i = 0; i < tree.n_stmts; ++i) {
        const auto* raw = tree.stmts[i];
        if (raw == nullptr || raw->stmt == nullptr) continue;
        const auto* stmt = raw->stmt;
        if (stmt->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
            const auto& block = *stmt->do_stmt;
            const auto language = def_elem(block.args, block.n_args, "language");
            if (!language.empty() && language != "plpgsql") continue;
            parse_body("CREATE FUNCTION miglint_do() RETURNS void LANGUAGE plpgsql AS $miglint_body$" +
                           def_elem(block.args, block.n_args, "as") + "$miglint_body$;",
                       counts);
        } else if (stmt->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
            const auto& create = *stmt->create_function_stmt;
            if (def_elem(create.options, create.n_options, "language") != "plpgsql") continue;
            const auto begin = static_cast<std::size_t>(std::max(raw->stmt_location, 0));
            const auto length = raw->stmt_len > 0 ? static_cast<std::size_t>(raw->stmt_len) : std::string::npos;
            parse_body(text.substr(begin, length), counts);
        }
    }
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// miglint's own ParseTree: pg_query_parse_protobuf, unpacked into the same
// per-thread arena, so the floor gets the tree exactly as cheaply as miglint.
std::size_t parse_sql(const std::string& text, bool plpgsql, Counts& counts) {
    const miglint::sql::ParseTree tree(text.c_str());
    if (!tree.ok()) {
        ++counts.errors;
        return 0;
    }
    if (plpgsql) parse_plpgsql_bodies(text, *tree.tree(), counts);
    return tree.tree()->n_stmts;
}

void parse_python(const std::string& text, Counts& counts) {
    // One parser per call, as miglint's front end makes one per file.
    const std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), &ts_parser_delete);
    ts_parser_set_language(parser.get(), tree_sitter_python());
    const std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
        ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<std::uint32_t>(text.size())),
        &ts_tree_delete);
    if (tree == nullptr || ts_node_has_error(ts_tree_root_node(tree.get()))) ++counts.errors;
}

std::vector<std::string> files_under(const std::vector<std::string>& roots) {
    std::vector<std::string> files;
    for (const auto& root : roots) {
        if (std::filesystem::is_regular_file(root)) {
            files.push_back(root);
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && (ext == ".sql" || ext == ".py")) files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned jobs = 0;
    bool plpgsql = false;
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--jobs" || arg == "-j") && i + 1 < argc) {
            jobs = static_cast<unsigned>(std::stoul(argv[++i]));
        } else if (arg == "--plpgsql") {
            plpgsql = true;
        } else {
            roots.push_back(arg);
        }
    }
    if (roots.empty()) {
        std::fprintf(stderr, "usage: miglint_parse_floor [--jobs N] [--plpgsql] PATH...\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto files = files_under(roots);
    Counts counts;
    miglint::parallel_for(files.size(), jobs, [&](std::size_t i) {
        const auto text = read_all(files[i]);
        counts.bytes += text.size();
        if (files[i].ends_with(".py")) {
            parse_python(text, counts);
        } else {
            counts.statements += parse_sql(text, plpgsql, counts);
        }
    });
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("files %zu statements %zu bytes %zu errors %zu bodies %zu seconds %.3f\n", files.size(),
                counts.statements.load(), counts.bytes.load(), counts.errors.load(), counts.bodies.load(), took.count());
    return 0;
}

// The parse-only floor: the files miglint would lint, read once and parsed by
// the same libraries and calls miglint uses, and nothing else. SQL goes through
// pg_query_parse_protobuf and protobuf-c unpacking (miglint's path for a file
// without syntax errors); Python through tree-sitter-python. Files are shared
// out to threads exactly as lint_paths does (core/parallel.hpp), so miglint's
// time over this one, at the same --jobs, is the cost of everything else:
// lowering, replay, rules, suppressions and output.
//
// Usage: miglint_parse_floor [--jobs N] PATH...
// Prints one line: files, statements, bytes, syntax errors, seconds.
#include "core/parallel.hpp"

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
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t parse_sql(const std::string& text, Counts& counts) {
    const auto result = pg_query_parse_protobuf(text.c_str());
    std::size_t statements = 0;
    if (result.error != nullptr) {
        ++counts.errors;
    } else {
        auto* tree = pg_query__parse_result__unpack(nullptr, result.parse_tree.len,
                                                    reinterpret_cast<const std::uint8_t*>(result.parse_tree.data));
        statements = tree != nullptr ? tree->n_stmts : 0;
        pg_query__parse_result__free_unpacked(tree, nullptr);
    }
    pg_query_free_protobuf_parse_result(result);
    return statements;
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
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--jobs" || arg == "-j") && i + 1 < argc) {
            jobs = static_cast<unsigned>(std::stoul(argv[++i]));
        } else {
            roots.push_back(arg);
        }
    }
    if (roots.empty()) {
        std::fprintf(stderr, "usage: miglint_parse_floor [--jobs N] PATH...\n");
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
            counts.statements += parse_sql(text, counts);
        }
    });
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("files %zu statements %zu bytes %zu errors %zu seconds %.3f\n", files.size(), counts.statements.load(),
                counts.bytes.load(), counts.errors.load(), took.count());
    return 0;
}

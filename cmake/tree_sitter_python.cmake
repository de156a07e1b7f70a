# The tree-sitter-python grammar comes from the npm registry at build time
# (tools/fetch-grammar.sh); its generated C sources are never committed.
set(MIGLINT_PYTHON_GRAMMAR_DIR "${CMAKE_SOURCE_DIR}/third_party/tree-sitter-python"
    CACHE PATH "Unpacked tree-sitter-python npm package")
include(${CMAKE_CURRENT_LIST_DIR}/fetch_third_party.cmake)
miglint_fetch_third_party(tree-sitter-python fetch-grammar.sh "${MIGLINT_PYTHON_GRAMMAR_DIR}" src/parser.c "needs npm")

add_library(tree_sitter_python STATIC
  "${MIGLINT_PYTHON_GRAMMAR_DIR}/src/parser.c"
  "${MIGLINT_PYTHON_GRAMMAR_DIR}/src/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${MIGLINT_PYTHON_GRAMMAR_DIR}/src")
set_target_properties(tree_sitter_python PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 11)
target_compile_options(tree_sitter_python PRIVATE -w -O2)
target_link_libraries(tree_sitter_python PUBLIC PkgConfig::TREE_SITTER)

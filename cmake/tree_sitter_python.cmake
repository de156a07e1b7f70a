# The tree-sitter-python grammar comes from the npm registry at build time
# (tools/fetch-grammar.sh); its generated C sources are never committed.
set(MIGLINT_PYTHON_GRAMMAR_DIR "${CMAKE_SOURCE_DIR}/third_party/tree-sitter-python"
    CACHE PATH "Unpacked tree-sitter-python npm package")
if(NOT EXISTS "${MIGLINT_PYTHON_GRAMMAR_DIR}/src/parser.c")
  message(STATUS "Fetching tree-sitter-python into ${MIGLINT_PYTHON_GRAMMAR_DIR}")
  execute_process(
    COMMAND bash "${CMAKE_SOURCE_DIR}/tools/fetch-grammar.sh" "${MIGLINT_PYTHON_GRAMMAR_DIR}"
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "tree-sitter-python is missing: run tools/fetch-grammar.sh (needs npm)")
  endif()
endif()

add_library(tree_sitter_python STATIC
  "${MIGLINT_PYTHON_GRAMMAR_DIR}/src/parser.c"
  "${MIGLINT_PYTHON_GRAMMAR_DIR}/src/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${MIGLINT_PYTHON_GRAMMAR_DIR}/src")
set_target_properties(tree_sitter_python PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 11)
target_compile_options(tree_sitter_python PRIVATE -w -O2)
target_link_libraries(tree_sitter_python PUBLIC PkgConfig::TREE_SITTER)

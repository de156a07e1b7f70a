# Debian packages: libpg-query-dev, libprotobuf-c-dev, libcli11-dev,
# nlohmann-json3-dev, libtomlplusplus-dev, doctest-dev, libtree-sitter-dev, libpq-dev.
find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(TREE_SITTER REQUIRED IMPORTED_TARGET tree-sitter)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)

find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES pg_query REQUIRED)
find_library(PROTOBUF_C_LIBRARY NAMES protobuf-c REQUIRED)
add_library(pg_query INTERFACE)
target_include_directories(pg_query SYSTEM INTERFACE ${PG_QUERY_INCLUDE_DIR})
target_link_libraries(pg_query INTERFACE ${PG_QUERY_LIBRARY} ${PROTOBUF_C_LIBRARY})

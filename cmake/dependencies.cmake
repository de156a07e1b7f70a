# Debian packages: libprotobuf-c-dev, protobuf-c-compiler, libcli11-dev,
# nlohmann-json3-dev, libtomlplusplus-dev, libtree-sitter-dev, libpq-dev
# (doctest-dev for the tests only: tests/CMakeLists.txt).
# libpg_query comes pinned from Debian's archive (cmake/libpg_query.cmake).
find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# Debian builds toml++ as a shared library; the portable binary compiles it in (header-only mode).
add_library(miglint_tomlpp INTERFACE)
if(MIGLINT_PORTABLE)
  target_include_directories(miglint_tomlpp SYSTEM INTERFACE ${TOMLPP_INCLUDE_DIRS})
  target_compile_definitions(miglint_tomlpp INTERFACE TOML_HEADER_ONLY=1)
else()
  target_link_libraries(miglint_tomlpp INTERFACE PkgConfig::TOMLPP)
endif()
pkg_check_modules(TREE_SITTER REQUIRED IMPORTED_TARGET tree-sitter)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)

include(${CMAKE_CURRENT_LIST_DIR}/libpg_query.cmake)

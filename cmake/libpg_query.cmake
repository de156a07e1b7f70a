# libpg_query with PostgreSQL 18's grammar: the static library and headers of
# Debian's libpg-query-dev 18.1.0, fetched pinned into third_party/ by
# tools/fetch-libpg-query.sh (docs/libpg_query.md says why this package).
# The package parses into protobuf with upb and ships no protobuf-c code, only
# pg_query.proto: protoc-c (Debian 12's protobuf-c-compiler) generates the C
# unpacker the SQL front end reads the tree with.
set(MIGLINT_PG_QUERY_DIR "${CMAKE_SOURCE_DIR}/third_party/libpg_query"
    CACHE PATH "Unpacked libpg-query-dev 18 package (include/, lib/libpg_query.a)")
include(${CMAKE_CURRENT_LIST_DIR}/fetch_third_party.cmake)
miglint_fetch_third_party("libpg_query 18" fetch-libpg-query.sh "${MIGLINT_PG_QUERY_DIR}" lib/libpg_query.a
                          "needs curl and dpkg-deb")

find_library(PROTOBUF_C_LIBRARY NAMES protobuf-c)
find_path(PROTOBUF_C_INCLUDE_DIR protobuf-c/protobuf-c.h)
find_program(PROTOC_C NAMES protoc-c)
if(NOT PROTOBUF_C_LIBRARY OR NOT PROTOBUF_C_INCLUDE_DIR)
  message(FATAL_ERROR "protobuf-c is missing: apt-get install libprotobuf-c-dev")
endif()
if(NOT PROTOC_C)
  message(FATAL_ERROR "protoc-c is missing: apt-get install protobuf-c-compiler")
endif()

set(pg_query_proto "${MIGLINT_PG_QUERY_DIR}/include/pg_query/pg_query.proto")
set(pg_query_generated "${CMAKE_BINARY_DIR}/generated/pg_query")
add_custom_command(
  OUTPUT "${pg_query_generated}/pg_query.pb-c.c" "${pg_query_generated}/pg_query.pb-c.h"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${pg_query_generated}"
  COMMAND ${PROTOC_C} "--proto_path=${MIGLINT_PG_QUERY_DIR}/include/pg_query" "--c_out=${pg_query_generated}" pg_query.proto
  DEPENDS "${pg_query_proto}"
  COMMENT "Generating the protobuf-c reader of libpg_query's parse tree")

# The package was built against glibc 2.38; Debian 12 has 2.36 (glibc_compat.c).
include(CheckSymbolExists)
set(CMAKE_REQUIRED_DEFINITIONS -D_GNU_SOURCE)
check_symbol_exists(strlcpy "string.h" MIGLINT_HAVE_STRLCPY)
unset(CMAKE_REQUIRED_DEFINITIONS)
add_library(pg_query_protobuf STATIC "${pg_query_generated}/pg_query.pb-c.c" "${CMAKE_SOURCE_DIR}/cmake/glibc_compat.c")
if(MIGLINT_HAVE_STRLCPY)
  target_compile_definitions(pg_query_protobuf PRIVATE MIGLINT_HAVE_STRLCPY)
endif()
target_include_directories(pg_query_protobuf SYSTEM PUBLIC "${CMAKE_BINARY_DIR}/generated" "${pg_query_generated}")
target_compile_options(pg_query_protobuf PRIVATE -w)
set_target_properties(pg_query_protobuf PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 11)
target_link_libraries(pg_query_protobuf PUBLIC ${PROTOBUF_C_LIBRARY})

add_library(pg_query INTERFACE)
target_include_directories(pg_query SYSTEM INTERFACE "${MIGLINT_PG_QUERY_DIR}/include" "${PROTOBUF_C_INCLUDE_DIR}")
# The compat symbols are looked up by libpg_query.a, so they come after it.
target_link_libraries(pg_query INTERFACE "${MIGLINT_PG_QUERY_DIR}/lib/libpg_query.a" pg_query_protobuf Threads::Threads)

# The keywords PostgreSQL's quote_ident() quotes, read from the library's own
# table (cmake/sql_keywords_gen.c), so printed names quote as the parser reads them.
add_executable(sql_keywords_gen "${CMAKE_SOURCE_DIR}/cmake/sql_keywords_gen.c")
target_link_libraries(sql_keywords_gen PRIVATE "${MIGLINT_PG_QUERY_DIR}/lib/libpg_query.a")
# A folder of its own, so the model's sources get this file's folder and not the parse tree's headers.
set(MIGLINT_SQL_KEYWORDS_DIR "${CMAKE_BINARY_DIR}/generated/sql_keywords")
set(MIGLINT_SQL_KEYWORDS "${MIGLINT_SQL_KEYWORDS_DIR}/sql_keywords.inc")
add_custom_command(
  OUTPUT "${MIGLINT_SQL_KEYWORDS}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${MIGLINT_SQL_KEYWORDS_DIR}"
  COMMAND sql_keywords_gen > "${MIGLINT_SQL_KEYWORDS}"
  DEPENDS sql_keywords_gen
  COMMENT "Listing the keywords quote_ident quotes")
# Targets in other directories can depend on a custom command only through a target.
add_custom_target(sql_keywords DEPENDS "${MIGLINT_SQL_KEYWORDS}")

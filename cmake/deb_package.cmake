# A Debian package of the portable binary: `cpack -G DEB` in build-portable/
# (tests/deb_test.sh). Only the portable build is packaged: a default build
# links tree-sitter, protobuf-c and toml++ as shared libraries its Depends
# would have to name, while the portable one needs nothing but glibc.
# The package holds what `cmake --install` installs, under /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME miglint)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Static safety linter for PostgreSQL migrations (SQL files and Alembic revisions)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# A release sets its own address: the project publishes none yet.
set(MIGLINT_DEB_MAINTAINER "miglint maintainers <maintainers@miglint.invalid>"
    CACHE STRING "The Debian package's Maintainer field")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MIGLINT_DEB_MAINTAINER}")
# Below the summary, which CPack makes the first line of Description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "miglint reads plain .sql migrations and Alembic revision files, parses them
with PostgreSQL's own parser, and reports the operations that take long locks,
rewrite tables, lose data or cannot be rolled back. Nothing it reads is
executed. `miglint explain RULE` prints a rule's page from
/usr/share/miglint/rules.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/miglint/miglint")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends (libc6 >= the newest GLIBC_ version the binary asks for) is read from the
# built binary when cpack runs, since it is not known at configure time.
set(CPACK_MIGLINT_BINARY "${CMAKE_BINARY_DIR}/miglint")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/deb_depends.cmake")
include(CPack)

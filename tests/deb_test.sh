#!/usr/bin/env bash
# The Debian package (cpack -G DEB, cmake/deb_package.cmake): built from a
# portable build, it holds /usr/bin/miglint and the rule pages and depends on
# libc6 only; installed with dpkg, miglint lints the examples and reads its
# pages from /usr/share/miglint/rules; removed, nothing of it is left.
# Installing needs root and dpkg (CI has both); without them the package is
# still built and checked, and the install part is skipped (77).
# Usage: tests/deb_test.sh BUILD_DIR SOURCE_DIR   (BUILD_DIR: build-portable)
set -euo pipefail
build=$(realpath "$1")
root=$(realpath "$2")
fail() { echo "deb: FAIL: $*" >&2; exit 1; }
skip() { echo "deb: SKIPPED: $*"; exit 77; }
command -v dpkg-deb >/dev/null && command -v dpkg >/dev/null || skip "no dpkg (a Debian or Ubuntu machine builds and installs the package)"
[ -f "$build/CPackConfig.cmake" ] || fail "no $build/CPackConfig.cmake: configure with the portable preset (cmake --preset portable)"
[ -x "$build/miglint" ] || fail "no $build/miglint: cmake --build --preset portable"
work=$(mktemp -d)
installed=""
cleanup() {
  # A failed check must not leave the package on the machine.
  [ -n "$installed" ] && dpkg -r miglint >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The package, built outside the build directory.
cpack --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
version=$(sed -n 's/^project(miglint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)
deb="$work/miglint_${version}_${arch}.deb"
[ -f "$deb" ] || { ls "$work"; fail "no miglint_${version}_${arch}.deb"; }

# Control fields: Depends is libc6 alone, at the newest glibc the binary asks for.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = miglint ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', the project's is $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no Maintainer or Description"
glibc=$(objdump -T "$build/miglint" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
[ "$(field Depends)" = "libc6 (>= ${glibc#GLIBC_})" ] || fail "Depends is '$(field Depends)', the binary needs $glibc"

# Contents: the binary, executable, and one page per rule, nothing else.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $1, $2, $6}' >"$work/files.txt"
pages=$(find "$root/docs/rules" -name '*.md' | wc -l)
grep -qx -- '-rwxr-xr-x root/root ./usr/bin/miglint' "$work/files.txt" || { cat "$work/files.txt"; fail "no executable ./usr/bin/miglint owned by root"; }
[ "$(grep -c ' ./usr/share/miglint/rules/[^/]*\.md$' "$work/files.txt")" -eq "$pages" ] || fail "expected $pages rule pages"
[ "$(wc -l <"$work/files.txt")" -eq $((pages + 1)) ] || { cat "$work/files.txt"; fail "unexpected files in the package"; }

# Installing changes the machine: only as root, and never over a miglint already there.
[ "$(id -u)" -eq 0 ] || skip "package built and checked ($(basename "$deb")); installing it needs root"
if dpkg-query -W -f='${Status}' miglint 2>/dev/null | grep -q 'ok installed' || [ -e /usr/bin/miglint ]; then
  skip "package built and checked; a miglint is already installed in /usr, left alone"
fi
installed=yes
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }
cmp -s /usr/bin/miglint "$build/miglint" || fail "/usr/bin/miglint is not the built binary"
/usr/bin/miglint --version | grep -q "$version" || fail "--version does not say $version"
status=0
/usr/bin/miglint "$root/examples" >"$work/lint.txt" || status=$?
[ "$status" -eq 1 ] || { cat "$work/lint.txt"; fail "linting examples/ exited $status, expected 1 (findings)"; }
[ -s "$work/lint.txt" ] || fail "linting examples/ printed nothing"
# explain reads the page in /usr/share/miglint/rules, not the source tree's (compiled into the binary).
echo "deb-page-marker" >>/usr/share/miglint/rules/non-concurrent-index.md
/usr/bin/miglint explain non-concurrent-index >"$work/explain.txt"
grep -q "deb-page-marker" "$work/explain.txt" || fail "explain did not read /usr/share/miglint/rules"
grep -q "^## Safe alternative" "$work/explain.txt" || fail "explain printed no page"

dpkg -r miglint >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r failed"; }
installed=""
[ ! -e /usr/bin/miglint ] || fail "dpkg -r left /usr/bin/miglint"
[ ! -e /usr/share/miglint ] || fail "dpkg -r left /usr/share/miglint"
echo "deb: ok: $(basename "$deb") ($(stat -c %s "$deb") bytes), Depends: $(field Depends), $pages rule pages; installed, linted examples/, removed"

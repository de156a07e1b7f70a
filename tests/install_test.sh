#!/usr/bin/env bash
# `cmake --install` puts the binary and the rule pages in a prefix, and the
# installed binary finds its pages there (not in the source tree).
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
root="$2"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
installed=$(cd "$prefix" && find . -type f | sort)
# The binary and one page per rule, nothing else.
pages=$(find "$root/docs/rules" -name '*.md' | wc -l)
[ "$(echo "$installed" | grep -c '^./share/miglint/rules/.*\.md$')" -eq "$pages" ] || { echo "install: expected $pages rule pages"; echo "$installed"; exit 1; }
[ "$(echo "$installed" | grep -vc '^./share/miglint/rules/')" -eq 1 ] || { echo "install: unexpected files:"; echo "$installed"; exit 1; }
[ -x "$prefix/bin/miglint" ] || { echo "install: no bin/miglint"; exit 1; }
"$prefix/bin/miglint" --version
# A page edited in the prefix is what explain prints: it reads the installed copy.
echo "installed-page-marker" >>"$prefix/share/miglint/rules/non-concurrent-index.md"
# (Captured whole: grep -q would stop reading at the marker, before the Fix line explain prints after the page.)
page=$("$prefix/bin/miglint" explain non-concurrent-index)
grep -q installed-page-marker <<<"$page" || { echo "install: explain did not read share/miglint/rules"; exit 1; }
echo "install: ok ($pages rule pages)"

#!/usr/bin/env bash
# Fetches the tree-sitter-python grammar (generated parser.c and scanner.c)
# from the npm registry into DEST. Nothing fetched is committed.
set -euo pipefail
dest=${1:-"$(cd "$(dirname "$0")/.." && pwd)/third_party/tree-sitter-python"}
version=0.23.6
if [ -f "$dest/src/parser.c" ]; then exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "tree-sitter-python@$version" >/dev/null)
mkdir -p "$dest"
tar -xzf "$tmp"/tree-sitter-python-$version.tgz -C "$tmp"
rm -rf "$dest/src"
cp -r "$tmp/package/src" "$dest/src"
cp "$tmp/package/LICENSE" "$dest/" 2>/dev/null || true
echo "tree-sitter-python $version in $dest"

#!/usr/bin/env bash
# End-to-end with a real editor: headless Neovim attaches `miglint lsp` to a
# copy of a fixture, and this script checks the diagnostics it received and
# the file after the "add CONCURRENTLY" quick fix was applied and written.
# Usage: nvim_e2e_test.sh MIGLINT_BINARY SOURCE_DIR. Exit 77 (skip) without nvim.
set -euo pipefail
binary=$1
source_dir=$2

if ! command -v nvim >/dev/null; then
  # CI installs neovim (setup.sh): there a missing editor is a failure, not a skip.
  if [ "${CI:-}" = "true" ]; then
    echo "nvim-e2e: nvim is not installed, and CI=true requires it" >&2
    exit 1
  fi
  echo "nvim-e2e: SKIPPED: nvim is not installed (apt-get install neovim)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixture="$source_dir/tests/fixtures/non-concurrent-index/unsafe-basic.sql"
file="$work/migrations/0001_indexes.sql"
mkdir -p "$work/migrations"
cp "$fixture" "$file"
# Config is discovered from the file's folder, as the CLI does: only the fixture's rule runs.
printf 'select = ["non-concurrent-index"]\n' > "$work/miglint.toml"

# Neovim keeps logs and state under XDG folders: keep them in the temp dir.
export XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export MIGLINT_BINARY="$binary" E2E_FILE="$file" E2E_DIAGNOSTICS="$work/diagnostics.txt"
status=0
timeout 60 nvim --headless --clean -n -i NONE -c "luafile $source_dir/tests/nvim_e2e.lua" </dev/null || status=$?
if [ "$status" -ne 0 ]; then
  echo "nvim-e2e: nvim exited with $status" >&2
  exit 1
fi

# The expected diagnostics are the fixture's own `-- expect:` comments.
expected=$(grep -n -- '-- expect: ' "$fixture" | sed -E 's/^([0-9]+):.*-- expect: ([a-z0-9-]+).*/\2 \1/' | sort)
actual=$(sort "$work/diagnostics.txt")
if [ "$expected" != "$actual" ]; then
  echo "nvim-e2e: diagnostics differ" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi

first_line=$(echo "$expected" | sort -k2 -n | head -1 | cut -d' ' -f2)
want=$(sed -n "${first_line}p" "$fixture" | sed -E 's/CREATE (UNIQUE )?INDEX/CREATE \1INDEX CONCURRENTLY/')
got=$(sed -n "${first_line}p" "$file")
if [ "$want" != "$got" ]; then
  echo "nvim-e2e: line $first_line after the quick fix: expected '$want', got '$got'" >&2
  exit 1
fi
# Nothing else in the file changed.
if [ "$(diff "$fixture" "$file" | grep -c '^[<>]')" -ne 2 ]; then
  echo "nvim-e2e: the quick fix changed more than line $first_line:" >&2
  diff "$fixture" "$file" >&2 || true
  exit 1
fi
echo "nvim-e2e: ok ($(echo "$actual" | wc -l) diagnostics, quick fix applied on line $first_line)"

#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml, language: python): pre-commit
# installs miglint itself from this checkout through the Python package, then
# the hook fails on a bad migration and passes on a good one, and the named
# file is judged with the rest of its directory read as history context.
# MIGLINT_PREBUILT (the portable binary) spares the package its CMake build.
# Usage: tests/precommit_test.sh BINARY SOURCE_DIR   (skipped, 77, without pre-commit)
set -euo pipefail
binary=$(realpath "$1")
root=$(realpath "$2")
command -v pre-commit >/dev/null || { echo "pre-commit: SKIPPED (apt-get install pre-commit)"; exit 77; }
git -C "$root" rev-parse --git-dir >/dev/null 2>&1 || { echo "pre-commit: SKIPPED ($root is no git checkout: try-repo clones it)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MIGLINT_PREBUILT="$binary" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PRE_COMMIT_HOME="$work/cache"
fail() { echo "pre-commit: FAIL: $*" >&2; exit 1; }

mkdir -p "$work/repo/migrations"
cd "$work/repo"
git init -q .
printf 'CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n' >migrations/0001_create_accounts.sql
printf "SET lock_timeout = '5s';\nCREATE INDEX idx_users_email ON users (email);\n" >migrations/0002_index_users.sql
git add migrations

start=$(date +%s.%N)
status=0
pre-commit try-repo "$root" miglint --files migrations/0002_index_users.sql >"$work/bad.txt" 2>&1 || status=$?
end=$(date +%s.%N)
[ "$status" -eq 1 ] || { cat "$work/bad.txt"; fail "the hook exited $status on a bad migration, expected 1"; }
grep -q "non-concurrent-index" "$work/bad.txt" || { cat "$work/bad.txt"; fail "no non-concurrent-index finding"; }
# pre-commit names one file; miglint reads the migration before it as history.
grep -q "1 file read for context only" "$work/bad.txt" || { cat "$work/bad.txt"; fail "the other migration was not read as context"; }

pre-commit try-repo "$root" miglint --files migrations/0001_create_accounts.sql >"$work/good.txt" 2>&1 ||
  { cat "$work/good.txt"; fail "the hook failed on a good migration"; }
grep -q "Passed" "$work/good.txt" || { cat "$work/good.txt"; fail "the hook did not pass"; }
printf 'pre-commit: ok; try-repo from a fresh cache (install + first run) %.1f s\n' "$(python3 -c "print($end - $start)")"

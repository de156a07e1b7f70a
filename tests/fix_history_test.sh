#!/usr/bin/env bash
# The fix-history ctest entry: tools/fix-history.sh on the small histories in
# tests/fix-history/ (Prisma, golang-migrate), each of which must get fixes,
# end in the same schema and leave no fixed finding. Exit 77 (skipped) without
# PostgreSQL server binaries, unless CI=true.
set -uo pipefail
miglint=$1
root=$2
status=0
for history in prisma golang-migrate; do
  output=$(bash "$root/tools/fix-history.sh" "$root/tests/fix-history/$history" "$miglint" 2>&1)
  code=$?
  echo "$output"
  if [ $code -eq 77 ]; then
    [ "${CI:-}" = true ] && { echo "fix-history: CI=true: PostgreSQL must be there"; exit 1; }
    exit 77
  fi
  if [ $code -ne 0 ]; then
    echo "fix-history: FAIL: $history (exit $code)"
    status=1
  elif ! grep -q 'fixes applied: [1-9][0-9]* in' <<<"$output"; then
    echo "fix-history: FAIL: $history: no fix applied, so nothing was proven"
    status=1
  fi
done
exit $status

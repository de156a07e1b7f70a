#!/usr/bin/env bash
# Builds the portable binary twice from this checkout, in build-portable and
# build-portable-2, and compares their sha256: the build is reproducible when
# they are byte-identical. Takes two full builds; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in build-portable build-portable-2; do
  cmake --preset portable -B "$dir" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
done
sha256sum build-portable/miglint build-portable-2/miglint
if cmp -s build-portable/miglint build-portable-2/miglint; then
  echo "check-reproducible: ok: byte-identical"
else
  echo "check-reproducible: FAIL: the two binaries differ" >&2
  cmp -l build-portable/miglint build-portable-2/miglint | head >&2 || true
  exit 1
fi

#!/usr/bin/env bash
# Checks that a portable miglint binary (the `portable` CMake preset) needs
# nothing but glibc at run time, and prints the newest glibc symbol version it
# asks for: the oldest distribution it runs on is the first with that glibc.
# Usage: tools/check-portable.sh [BINARY]   (default build-portable/miglint)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-build-portable/miglint}"
[ -x "$binary" ] || { echo "check-portable: no binary at $binary (cmake --preset portable && cmake --build --preset portable)" >&2; exit 2; }
command -v objdump >/dev/null || { echo "check-portable: objdump is missing: apt-get install binutils" >&2; exit 2; }

# glibc's own libraries; libdl and libpthread are empty stubs since glibc 2.34 but may still be named.
allowed='^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|ld-linux-x86-64\.so\.2)$'
needed=$(objdump -p "$binary" | awk '$1 == "NEEDED" {print $2}')
echo "check-portable: NEEDED: $(echo $needed)"
bad=$(echo "$needed" | grep -Ev "$allowed" || true)
if [ -n "$bad" ]; then
  echo "check-portable: FAIL: needs libraries outside glibc: $(echo $bad)" >&2
  ldd "$binary" >&2 || true
  exit 1
fi
# ldd agrees: every library it resolves is one of glibc's (or the vDSO).
if ldd "$binary" | grep -v -E 'linux-vdso|ld-linux' | awk '{print $1}' | grep -Ev "$allowed" >&2; then
  echo "check-portable: FAIL: ldd lists libraries outside glibc" >&2
  exit 1
fi
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
[ -n "$glibc" ] || { echo "check-portable: FAIL: no GLIBC symbol versions found" >&2; exit 1; }
"$binary" --version >/dev/null
echo "check-portable: ok: $(stat -c %s "$binary") bytes, needs glibc ${glibc#GLIBC_} or newer ($glibc)"

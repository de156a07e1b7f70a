#!/usr/bin/env bash
# Builds (if needed) and runs miglint's whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x build/miglint ] || [ ! -f build/build.ninja ]; then
  bash setup.sh >/dev/null
fi
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

#!/usr/bin/env bash
# Builds the portable binary once (CMake preset `portable`, build-portable/)
# and checks what is shipped from it: it needs only glibc
# (tools/check-portable.sh) and the Python wheel made from it installs offline
# into a fresh venv and works (tests/wheel_test.sh), the Debian package made
# from it installs and works (tests/deb_test.sh), and pre-commit installs
# the hook from this checkout (tests/precommit_test.sh). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset portable >/dev/null
cmake --build --preset portable -j"$(nproc)"
bash tools/check-portable.sh build-portable/miglint
bash tests/wheel_test.sh build-portable/miglint .
# 77: skipped (no dpkg, not root, or a miglint already in /usr).
bash tests/deb_test.sh build-portable . || [ $? -eq 77 ]
# 77: skipped (no pre-commit, or not a git checkout).
bash tests/precommit_test.sh build-portable/miglint . || [ $? -eq 77 ]

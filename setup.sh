#!/usr/bin/env bash
# Installs what building miglint needs on Debian 12 (as root), builds it, and
# lints the bundled example migrations. Safe to run again: it skips what is
# done. The test suite's own packages (a PostgreSQL server, an editor) are
# installed by test.sh (tools/install-test-packages.sh), not here.
# --packages-only: install the packages and stop; the GitHub action (action.yml)
# builds the portable preset itself, as its own user.
set -euo pipefail
cd "$(dirname "$0")"
packages_only=false
case "${1:-}" in
  --packages-only) packages_only=true ;;
  "") ;;
  *) echo "setup: unknown argument '$1' (the only one is --packages-only)" >&2; exit 2 ;;
esac

packages=(cmake ninja-build g++ pkg-config curl ca-certificates
  libprotobuf-c-dev protobuf-c-compiler libcli11-dev nlohmann-json3-dev
  libtomlplusplus-dev libtree-sitter-dev
  libpq-dev)  # its header only: --database-url opens libpq at run time
# A machine may already have Node.js and npm from another source (NodeSource);
# Debian's npm package conflicts with that nodejs, so only ask for it when the
# command is missing.
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]} (run as root, or install them with apt-get)" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if $packages_only; then
  echo "setup: build packages installed"
  exit 0
fi

bash tools/fetch-grammar.sh
bash tools/fetch-libpg-query.sh
# The tests are built once their packages are there (test.sh installs them);
# a build directory configured before keeps its choice.
testing=()
if [ ! -f build/CMakeCache.txt ]; then
  testing=(-DBUILD_TESTING=OFF)
  dpkg-query -W -f='${Status}' doctest-dev 2>/dev/null | grep -q "install ok installed" && testing=(-DBUILD_TESTING=ON)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIGLINT_WERROR="${MIGLINT_WERROR:-OFF}" "${testing[@]}" >/dev/null
cmake --build build -j"$(nproc)"

echo
echo "== miglint examples/ =="
status=0
./build/miglint examples/ || status=$?
# Exit code 1 means findings, which the examples are there to show.
if [ "$status" -gt 1 ]; then exit "$status"; fi
echo "setup: done. Run ./test.sh for the whole test suite."

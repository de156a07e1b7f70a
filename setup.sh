#!/usr/bin/env bash
# Installs what miglint needs on Debian 12 (as root), builds it, and lints the
# bundled example migrations. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ pkg-config curl ca-certificates
  libprotobuf-c-dev protobuf-c-compiler libcli11-dev nlohmann-json3-dev
  libtomlplusplus-dev doctest-dev libtree-sitter-dev
  libpq-dev postgresql
  neovim)  # the editor the nvim-e2e test drives against `miglint lsp`
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
  apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
  # The lock-truth tests start their own throw-away server (tests/lock-truth/README.md):
  # keep Debian's postgresql package from creating and starting a system-wide cluster.
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    apt_install postgresql-common
    sed -i 's/^#* *create_main_cluster *=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  fi
  apt_install "${missing[@]}"
fi

bash tools/fetch-grammar.sh
bash tools/fetch-libpg-query.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

echo
echo "== miglint examples/ =="
status=0
./build/miglint examples/ || status=$?
# Exit code 1 means findings, which the examples are there to show.
if [ "$status" -gt 1 ]; then exit "$status"; fi
echo "setup: done. Run ./test.sh for the whole test suite."

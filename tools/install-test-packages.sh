#!/usr/bin/env bash
# Installs the Debian packages the test suite needs on top of what setup.sh
# installs for building miglint: doctest and a PostgreSQL server (the
# lock-truth and database suites start their own throw-away server), git (the
# --diff-base tests make repositories) and neovim (the editor the nvim-e2e test
# drives), python3-venv (the wheel test installs miglint into a fresh venv),
# pre-commit (the hook's test installs it through the Python package), and
# python3-alembic (the fix-truth suite runs Alembic revisions through the SQL
# Alembic itself emits offline).
# A user who only builds and runs miglint never needs these.
set -euo pipefail

packages=(doctest-dev postgresql git neovim python3-venv pre-commit python3-alembic)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-packages: missing packages: ${missing[*]} (run as root, or install them with apt-get)" >&2
  exit 2
fi
echo "install-test-packages: installing ${missing[*]}"
apt-get update -qq
apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
# Keep Debian's postgresql package from creating and starting a system-wide cluster:
# the tests start their own (tests/fixtures/lock-truth.md).
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  apt_install postgresql-common
  sed -i 's/^#* *create_main_cluster *=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
fi
apt_install "${missing[@]}"

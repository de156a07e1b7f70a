#!/usr/bin/env bash
# Installs the Node tools the SARIF schema test needs into ./node_modules
# (gitignored): ajv-cli + ajv-formats to validate, and the official SARIF 2.1.0
# schema, which ships in @microsoft/sarif-multitool-linux. Idempotent: does
# nothing when the pinned versions are already there.
#
# Exit status: 0 installed (or already present), 3 npm is missing or the
# registry cannot be reached. The caller decides whether that is fatal.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(ajv-cli@5.0.0 ajv-formats@3.0.1 @microsoft/sarif-multitool-linux@5.7.0)

installed_version() {
  node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true
}

have_all() {
  local spec name version
  for spec in "${packages[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    [ "$(installed_version "$name")" = "$version" ] || return 1
  done
  [ -f node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json ] && [ -x node_modules/.bin/ajv ]
}

if have_all; then
  exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "install-test-deps: npm and node are needed (Debian: apt-get install npm)" >&2
  exit 3
fi
echo "install-test-deps: installing ${packages[*]} into $(pwd)/node_modules" >&2
# --no-save: no package.json or lock file is written; --ignore-scripts: only the
# schema file of the multitool package is used, never its binary.
if ! npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix . "${packages[@]}" >&2; then
  echo "install-test-deps: npm install failed (is the registry reachable?)" >&2
  exit 3
fi
have_all || { echo "install-test-deps: packages installed but files are missing" >&2; exit 3; }

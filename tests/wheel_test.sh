#!/usr/bin/env bash
# The Python package: a wheel built from a portable binary installs offline
# into a fresh venv, puts `miglint` on PATH, lints the examples and reads its
# rule pages from the venv; `pip install .` from the checkout works too.
# Usage: tests/wheel_test.sh BINARY SOURCE_DIR   (BINARY: build-portable/miglint)
set -euo pipefail
binary=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MIGLINT_PREBUILT="$binary" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
fail() { echo "wheel: FAIL: $*" >&2; exit 1; }

# The backend straight from the checkout, as pip calls it (no index, no isolation needed).
wheel_name=$(cd "$root" && python3 -c "import sys; sys.path.insert(0, 'python'); import miglint_build; print(miglint_build.build_wheel(sys.argv[1]))" "$work/dist")
wheel="$work/dist/$wheel_name"
version=$(sed -n 's/^project(miglint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ "$wheel_name" == miglint-"$version"-py3-none-manylinux_*_x86_64.whl ]] || fail "unexpected wheel name $wheel_name"
# The tag is true of the binary: its glibc is the newest GLIBC_ version the binary needs.
needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
tag_glibc=$(echo "$wheel_name" | sed -n 's/.*manylinux_\([0-9]*\)_\([0-9]*\)_.*/\1.\2/p')
[ "GLIBC_$tag_glibc" = "$needed" ] || fail "tag says glibc $tag_glibc, binary needs $needed"

# RECORD lists every file with its sha256 and size; WHEEL says platlib.
python3 - "$wheel" <<'PY' || fail "RECORD or WHEEL is wrong"
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
record = [n for n in names if n.endswith(".dist-info/RECORD")][0]
listed = set()
for line in z.read(record).decode().splitlines():
    path, digest, size = line.rsplit(",", 2)
    listed.add(path)
    if path == record:
        continue
    data = z.read(path)
    want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert digest == want and int(size) == len(data), path
assert listed == names, names ^ listed
wheel = z.read(record.replace("RECORD", "WHEEL")).decode()
assert "Root-Is-Purelib: false" in wheel, wheel
scripts = [n for n in names if n.endswith(".data/scripts/miglint")]
assert scripts and (z.getinfo(scripts[0]).external_attr >> 16) & 0o111, "binary not executable"
assert any(n.endswith(".data/data/share/miglint/rules/non-concurrent-index.md") for n in names)
PY

# A fresh venv, the wheel only, no index: miglint on PATH.
python3 -m venv "$work/venv"
start=$(date +%s.%N)
"$work/venv/bin/pip" install -q --no-index "$wheel"
status=0
"$work/venv/bin/miglint" "$root/examples" >"$work/lint.txt" || status=$?
end=$(date +%s.%N)
[ "$status" -eq 1 ] || { cat "$work/lint.txt"; fail "linting examples/ exited $status, expected 1 (findings)"; }
[ -s "$work/lint.txt" ] || fail "linting examples/ printed nothing"
(PATH="$work/venv/bin:$PATH"; command -v miglint) | grep -q "^$work/venv/bin/miglint$" || fail "miglint is not on the venv's PATH"
"$work/venv/bin/miglint" --version | grep -q "$version" || fail "--version does not say $version"
# explain reads the page installed in <venv>/share/miglint/rules, not the source tree's.
[ -f "$work/venv/share/miglint/rules/non-concurrent-index.md" ] || fail "no rule pages in the venv's share/"
echo "wheel-page-marker" >>"$work/venv/share/miglint/rules/non-concurrent-index.md"
"$work/venv/bin/miglint" explain non-concurrent-index >"$work/explain.txt"
grep -q "wheel-page-marker" "$work/explain.txt" || fail "explain did not read the venv's share/miglint/rules"
grep -q "^## Safe alternative" "$work/explain.txt" || fail "explain printed no page"
"$work/venv/bin/pip" uninstall -q -y miglint
[ ! -e "$work/venv/bin/miglint" ] || fail "uninstall left bin/miglint"

# `pip install .` from the checkout, offline, through the in-tree backend (packing MIGLINT_PREBUILT).
python3 -m venv "$work/venv2"
"$work/venv2/bin/pip" install -q --no-index "$root"
"$work/venv2/bin/miglint" --version | grep -q "$version" || fail "pip install . gave no working miglint"

printf 'wheel: ok: %s (%s bytes); pip install to first lint %.1f s\n' "$wheel_name" "$(stat -c %s "$wheel")" "$(python3 -c "print($end - $start)")"

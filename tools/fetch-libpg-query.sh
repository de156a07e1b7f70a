#!/usr/bin/env bash
# Fetches libpg_query with PostgreSQL 18's grammar into DEST (default
# third_party/libpg_query): the static library and headers of Debian's binary
# package libpg-query-dev, pinned by version and SHA-256. Nothing is installed
# system-wide and no apt source is added; nothing fetched is committed.
# Why this package and not another: docs/libpg_query.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest=${1:-"$root/third_party/libpg_query"}
version=18.1.0-2
sha256=a65df812eabf77e18fd1f16509f19df8a94579d2492ae78b1f8b3fc98460dddc
deb=libpg-query-dev_${version}_amd64.deb
# Debian's archive keeps a package in its pool while a suite lists it; the
# mirror named in the machine's own apt sources is tried first.
mirrors=()
own_mirror=$(grep -hE '^(URIs:|deb) ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
  grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
[ -n "$own_mirror" ] && [ "${own_mirror%/}" != http://deb.debian.org/debian ] && mirrors+=("${own_mirror%/}")
mirrors+=(http://deb.debian.org/debian)

if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ]; then exit 0; fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "fetch-libpg-query: only the amd64 package is pinned (this machine is $(uname -m)); add its checksum to $0" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
got=""
for mirror in "${mirrors[@]}"; do
  url="$mirror/pool/main/libp/libpg-query/$deb"
  if curl -fsSL --retry 2 -m 120 -o "$tmp/$deb" "$url" 2>"$tmp/curl.log" ||
    wget -q -T 120 -O "$tmp/$deb" "$url" 2>>"$tmp/curl.log"; then
    got=$url
    break
  fi
done
if [ -z "$got" ]; then
  echo "fetch-libpg-query: could not download $deb from ${mirrors[*]}:" >&2
  sed 's/^/  /' "$tmp/curl.log" >&2
  echo "  miglint needs libpg_query $version (PostgreSQL 18 grammar); put the .deb's contents in $dest by hand, or update the pin in $0" >&2
  exit 2
fi
actual=$(sha256sum "$tmp/$deb" | cut -d' ' -f1)
if [ "$actual" != "$sha256" ]; then
  echo "fetch-libpg-query: $got has SHA-256 $actual, expected $sha256; not used" >&2
  exit 2
fi
dpkg-deb -x "$tmp/$deb" "$tmp/unpacked"
rm -rf "$dest"
mkdir -p "$dest/lib"
cp -r "$tmp/unpacked/usr/include" "$dest/include"
cp "$tmp/unpacked/usr/lib/x86_64-linux-gnu/libpg_query.a" "$dest/lib/"
cp "$tmp/unpacked/usr/share/doc/libpg-query-dev/copyright" "$dest/"
echo "$version" >"$dest/.version"
echo "libpg_query $version in $dest"

#!/usr/bin/env bash
# Validates `miglint --format sarif` against the official SARIF 2.1.0 schema,
# offline, with ajv. Usage: sarif_schema_test.sh MIGLINT_BINARY SOURCE_DIR
#
# Fails when ajv reports any error. When the validator cannot be installed
# (no npm, registry unreachable) it fails under CI=true and otherwise skips
# with exit code 77, which ctest reports as "Skipped".
set -uo pipefail
miglint="$1"
root="$2"
ajv="$root/node_modules/.bin/ajv"
schema="$root/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"

if ! bash "$root/tools/install-test-deps.sh"; then
  if [ "${CI:-}" = "true" ]; then
    echo "sarif-schema: FAIL: cannot install ajv and the SARIF schema (see above), and CI=true" >&2
    exit 1
  fi
  echo "sarif-schema: SKIPPED: ajv and the SARIF schema could not be installed (npm unreachable?); run tools/install-test-deps.sh" >&2
  exit 77
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root" || exit 1

status=0
validate() {  # validate NAME ARGS...: runs miglint with ARGS and checks the SARIF it writes
  local name="$1"
  shift
  "$miglint" --format sarif -o "$work/$name.sarif.json" "$@" 2>"$work/$name.err"
  local rc=$?
  if [ "$rc" -gt 2 ] || [ ! -s "$work/$name.sarif.json" ]; then
    echo "sarif-schema: FAIL: miglint exited $rc without a report for $name" >&2
    cat "$work/$name.err" >&2
    status=1
    return
  fi
  if "$ajv" validate --spec=draft2020 -c ajv-formats --strict=false --all-errors \
      -s "$schema" -d "$work/$name.sarif.json" >"$work/$name.ajv" 2>&1; then
    echo "sarif-schema: $name: valid"
  else
    echo "sarif-schema: FAIL: $name does not match the SARIF 2.1.0 schema:" >&2
    cat "$work/$name.ajv" >&2
    status=1
  fi
}

# The validator must reject a broken log, or a pass below would prove nothing.
printf '{"version":"2.1.0","runs":[{"tool":{"driver":{}},"bogus":1}]}' >"$work/canary.json"
if "$ajv" validate --spec=draft2020 -c ajv-formats --strict=false -s "$schema" -d "$work/canary.json" >/dev/null 2>&1; then
  echo "sarif-schema: FAIL: ajv accepted a log the schema forbids; the validator is not working" >&2
  exit 1
fi

validate fixtures tests/fixtures
validate fixtures-suppressed --include-suppressed tests/fixtures
validate golden --include-suppressed tests/golden/input
validate read-error tests/fixtures/syntax-error tests/no-such-file.sql
exit "$status"

#!/usr/bin/env bash
# Lints N generated Alembic revisions (bench/gen_alembic.py) and reports files
# per second, peak memory, and that every file was parsed as a revision.
# Usage: bench/alembic-throughput.sh [N] [MIGLINT]   (default 500, build/miglint)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-500}
miglint=${2:-build/miglint}
corpus=bench/corpus/alembic-$count
rm -rf "$corpus"
python3 bench/gen_alembic.py "$corpus" "$count"

summary=$("$miglint" --format json --exit-zero --select all "$corpus" | python3 -c '
import json, sys
out = json.load(sys.stdin)
findings = out["findings"]
syntax = sum(1 for f in findings if f["rule"] in ("syntax-error", "unresolved-sql"))
print(out["files_checked"], len(findings), syntax)')
read -r files findings unparsed <<<"$summary"
echo "files linted: $files of $count; findings: $findings; syntax-error/unresolved-sql: $unparsed"

runs=5
best=""
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$miglint" --exit-zero --select all --format json "$corpus" >/dev/null
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
peak=$( { /usr/bin/time -f '%M' "$miglint" --exit-zero --select all --format json "$corpus" >/dev/null; } 2>&1 | tail -1)
echo "best of $runs: ${best} ms, $((count * 1000 / (best > 0 ? best : 1))) files/s, peak RSS ${peak} KiB (jobs: all cores)"
start=$(date +%s%N)
"$miglint" --exit-zero --select all --jobs 1 --format json "$corpus" >/dev/null
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
echo "one thread: ${ms} ms, $((count * 1000 / (ms > 0 ? ms : 1))) files/s"

#!/usr/bin/env bash
# Replays N generated SQL migrations (bench/gen_sql_history.py) as one history:
# total time (best of 5), time on one thread, and peak memory.
# Usage: bench/replay-history.sh [N] [MIGLINT]   (default 2000, build/miglint)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
miglint=${2:-build/miglint}
corpus=bench/corpus/sql-history-$count
rm -rf "$corpus"
python3 bench/gen_sql_history.py "$corpus" "$count"

read -r files findings <<<"$("$miglint" --format json --exit-zero --select all "$corpus" |
  python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["files_checked"], len(o["findings"]))')"
echo "files replayed: $files of $count; findings: $findings"

best=""
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$miglint" --exit-zero --select all --format json "$corpus" >/dev/null
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
start=$(date +%s%N)
"$miglint" --exit-zero --select all --jobs 1 --format json "$corpus" >/dev/null
single=$((($(date +%s%N) - start) / 1000000))
peak=$( { /usr/bin/time -f '%M' "$miglint" --exit-zero --select all --format json "$corpus" >/dev/null; } 2>&1 | tail -1)
echo "replay of $count migrations: best of 5 ${best} ms (all cores), ${single} ms on one thread, peak RSS ${peak} KiB"

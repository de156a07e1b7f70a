#!/usr/bin/env bash
# The whole benchmark in one command: builds an optimised tree (build-bench,
# with the benchmark programs), generates the corpora, installs squawk from the
# npm registry, and times on this machine, in this run:
#   miglint on 1 thread and on all cores, the parse-only floor
#   (bench/parse_floor.cpp: libpg_query / tree-sitter alone, threaded the same
#   way; once more with --plpgsql, which also parses the PL/pgSQL bodies
#   as miglint does), and squawk; best wall time of RUNS runs, and peak RSS
#   (GNU time).
# Prints markdown tables. Timings are noisy on a shared machine: look at the
# load line it prints first.
#
# Usage: bench/run.sh [--runs N] [--quick] [--micro]
#   --quick  only the 1k and 10k SQL and the 100-revision Alembic corpora
#   --micro  also run the Google Benchmark stages (miglint_bench) on sql-10k
# Environment: BUILD (default build-bench), JOBS (build parallelism, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=5
quick=0
micro=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --micro) micro=1; shift ;;
    *) echo "usage: bench/run.sh [--runs N] [--quick] [--micro]" >&2; exit 2 ;;
  esac
done
build=${BUILD:-build-bench}
cores=$(nproc)
command -v /usr/bin/time >/dev/null || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }

# --- build --------------------------------------------------------------
if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DMIGLINT_BENCH=ON \
    "${launcher[@]}" >/dev/null
fi
cmake "$build" -DMIGLINT_BENCH=ON >/dev/null
CCACHE_BASEDIR=${CCACHE_BASEDIR:-/work} cmake --build "$build" -j "${JOBS:-2}" \
  --target miglint miglint_parse_floor miglint_bench >/dev/null
miglint=$root/$build/miglint
floor=$root/$build/bench/miglint_parse_floor

# --- corpora --------------------------------------------------------------
corpora=(sql-1k sql-10k alembic-100)
[ "$quick" = 1 ] || corpora=(sql-1k sql-10k sql-50k alembic-100 alembic-2000)
mkdir -p bench/corpus
# A generator newer than a corpus makes the corpus stale.
find bench/corpus -maxdepth 1 -name 'sql-*.done' ! -newer bench/gen_sql_history.py -delete
find bench/corpus -maxdepth 1 -name 'alembic-*.done' ! -newer bench/gen_alembic.py -delete
for name in "${corpora[@]}"; do
  dir=bench/corpus/$name
  [ -f "$dir.done" ] && continue  # generated before by the same scripts
  rm -rf "$dir"
  case $name in
    sql-*) n=${name#sql-}; python3 bench/gen_sql_history.py "$dir" --statements "${n%k}000" >/dev/null ;;
    alembic-*) python3 bench/gen_alembic.py "$dir" "${name#alembic-}" ;;
  esac
  touch "$dir.done"
done

# --- squawk, from the npm registry ----------------------------------------
squawk_dir=bench/tools/squawk
# squawk-cli ships its binary in a per-platform optional dependency
# (@squawk-cli/linux-x64); timing that binary directly keeps node's start-up
# out of squawk's figures.
# (find fails before the first install; with pipefail that would end the script)
native_squawk() { { find "$squawk_dir/node_modules/@squawk-cli" -path '*/bin/squawk' -type f 2>/dev/null || true; } | head -1; }
squawk=$(native_squawk)
squawk_note=""
if [ -z "$squawk" ]; then
  mkdir -p "$squawk_dir"
  if npm install --prefix "$squawk_dir" --no-audit --no-fund --silent squawk-cli >"$squawk_dir/install.log" 2>&1; then
    squawk=$(native_squawk)
    [ -n "$squawk" ] || squawk_note="npm installed squawk-cli without a binary for $(uname -sm) (no @squawk-cli platform package)"
  else
    squawk_note="npm install squawk-cli failed: $(tail -1 "$squawk_dir/install.log")"
  fi
fi
if [ -z "$squawk_note" ] && ! "$squawk" --version >/dev/null 2>&1; then
  squawk_note="the squawk binary does not run here: $("$squawk" --version 2>&1 | head -1)"
fi
squawk_version=$([ -z "$squawk_note" ] && "$squawk" --version 2>/dev/null | head -1 || echo "not available")

# --- measuring -------------------------------------------------------------
# time_once NAME: runs the command held in the array NAME once, appends its
# wall time in ms to round_ms[NAME] (one entry per round, in round order) and
# keeps the highest peak RSS of its runs in MiB (peak_mb[NAME]). Output goes
# to /dev/null; exit statuses are ignored (linters exit 1 on findings).
declare -A round_ms median_ms peak_mb
time_once() {
  local -n command=$1
  local stats start end ms rss
  stats=$(mktemp)
  start=$(date +%s%N)
  /usr/bin/time -v -o "$stats" "${command[@]}" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  rss=$(awk -F: '/Maximum resident set size/ {print $2 + 0}' "$stats")
  rm -f "$stats"
  round_ms[$1]="${round_ms[$1]:-} $ms"
  local mb
  mb=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
  if [ -z "${peak_mb[$1]:-}" ] || awk -v a="$mb" -v b="${peak_mb[$1]}" 'BEGIN { exit !(a > b) }'; then peak_mb[$1]=$mb; fi
}
# median_of FORMAT: the median of the numbers on stdin, one per line, printed with FORMAT ("-" for none).
median_of() {
  sort -g | awk -v format="$1\n" '{ v[NR] = $1 }
    END { if (NR == 0) print "-"; else printf format, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# measure NAME...: $runs rounds, each running every command once, so a burst
# of load on a shared machine slows all of them alike instead of one. A
# command's time is its median over the rounds (median_ms[NAME]).
measure() {
  local command
  round_ms=()
  median_ms=()
  peak_mb=()
  for _ in $(seq "$runs"); do
    for command in "$@"; do time_once "$command"; done
  done
  for command in "$@"; do median_ms[$command]=$(tr ' ' '\n' <<<"${round_ms[$command]}" | grep . | median_of "%.0f"); done
}
# round_ratio A B: the median over the rounds of A's time over B's in the same
# round; steadier than a ratio of two minima, which one lucky run of either moves.
round_ratio() {
  [ -n "${round_ms[$1]:-}" ] && [ -n "${round_ms[$2]:-}" ] || { echo "-"; return; }
  paste -d' ' <(tr ' ' '\n' <<<"${round_ms[$1]}" | grep .) <(tr ' ' '\n' <<<"${round_ms[$2]}" | grep .) |
    awk '$2 > 0 { print $1 / $2 }' | median_of "%.2f"
}
per_second() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }

echo "## miglint benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg); median of $runs interleaved rounds; squawk: $squawk_version${squawk_note:+ ($squawk_note)}"
echo
times_table="| corpus | statements | files | MB | miglint 1 thread ms | miglint $cores cores ms | floor 1 / $cores ms | ratio 1 / $cores | floor + PL/pgSQL 1 / $cores ms | ratio 1 / $cores | µs/statement ($cores cores) | squawk ms | miglint/squawk |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
rate_table="| corpus | statements/s | MB/s | files/s | miglint peak RSS MB | floor peak RSS MB | squawk peak RSS MB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
# The issue's targets, judged on this run's figures (see "Targets" in bench/README.md).
within() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v != "-" && v + 0 <= limit + 0) ? "yes" : "no" }'; }
targets_table="| target | corpus | measured | met |
| --- | --- | ---: | --- |"
for name in "${corpora[@]}"; do
  dir=bench/corpus/$name
  read -r _ files _ statements _ bytes _ errors _ <<<"$("$floor" --jobs 1 "$dir")"
  [[ $name == alembic-* ]] && plpgsql=() || plpgsql=(--plpgsql)
  [ "$errors" = 0 ] || echo "warning: $errors files of $name do not parse" >&2
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
  lint=("$miglint" --no-config --exit-zero --color never)
  miglint_1=("${lint[@]}" --jobs 1 "$dir")
  miglint_n=("${lint[@]}" "$dir")
  floor_1=("$floor" --jobs 1 "$dir")
  floor_n=("$floor" "$dir")
  plpgsql_1=("$floor" "${plpgsql[@]}" --jobs 1 "$dir")
  plpgsql_n=("$floor" "${plpgsql[@]}" "$dir")
  commands=(miglint_1 miglint_n floor_1 floor_n plpgsql_1 plpgsql_n)
  if [ -z "$squawk_note" ] && [[ $name == sql-* ]]; then
    # squawk takes files, not directories; one process for the whole set, as miglint.
    mapfile -t sql_files < <(find "$dir" -name '*.sql' | sort)
    squawk_run=("$squawk" "${sql_files[@]}")
    commands+=(squawk_run)
  fi
  measure "${commands[@]}"
  m1=${median_ms[miglint_1]}; mn=${median_ms[miglint_n]}; m_rss=${peak_mb[miglint_n]}
  f1=${median_ms[floor_1]}; fn=${median_ms[floor_n]}; f_rss=${peak_mb[floor_n]}
  p1=${median_ms[plpgsql_1]}; pn=${median_ms[plpgsql_n]}
  s_ms=${median_ms[squawk_run]:--}; s_rss=${peak_mb[squawk_run]:--}; s_ratio="-"
  [ "$s_ms" != "-" ] && s_ratio=$(round_ratio miglint_n squawk_run)
  plain_1=$(round_ratio miglint_1 floor_1); plain_n=$(round_ratio miglint_n floor_n)
  full_1=$(round_ratio miglint_1 plpgsql_1); full_n=$(round_ratio miglint_n plpgsql_n)
  [[ $name == alembic-* ]] && statements="-"
  per_statement="-"
  [ "$statements" != "-" ] && per_statement=$(awk -v ms="$mn" -v n="$statements" 'BEGIN { printf "%.1f", ms * 1000 / n }')
  times_table+=$'\n'"| $name | $statements | $files | $mb | $m1 | $mn | $f1 / $fn | $plain_1 / $plain_n | $p1 / $pn | $full_1 / $full_n | $per_statement | $s_ms | $s_ratio |"
  if [[ $name == sql-* ]]; then
    both_met=no
    [ "$(within "$full_1" 1.5)" = yes ] && [ "$(within "$full_n" 1.5)" = yes ] && both_met=yes
    targets_table+=$'\n'"| ≤ 1.5× the parse of all its SQL (floor + PL/pgSQL), 1 thread / $cores cores | $name | $full_1 / $full_n | $both_met |"
    plain_met=no
    [ "$(within "$plain_1" 1.5)" = yes ] && [ "$(within "$plain_n" 1.5)" = yes ] && plain_met=yes
    targets_table+=$'\n'"| (for reference) ≤ 1.5× the statements-only floor, 1 thread / $cores cores | $name | $plain_1 / $plain_n | $plain_met |"
    if [ "$s_ms" != "-" ]; then
      squawk_1=$(round_ratio miglint_1 squawk_run)
      squawk_met=no
      [ "$(within "$s_ratio" 0.999)" = yes ] && [ "$(within "$squawk_1" 0.999)" = yes ] && squawk_met=yes
      targets_table+=$'\n'"| faster than squawk: miglint ÷ squawk, 1 thread / $cores cores | $name | $squawk_1 / $s_ratio | $squawk_met |"
    fi
  fi
  [ "$name" = sql-50k ] && targets_table+=$'\n'"| peak RSS under 100 MB | $name | $m_rss MB | $(within "$m_rss" 99.999) |"
  stmt_rate="-"
  [ "$statements" != "-" ] && stmt_rate=$(per_second "$statements" "$mn")
  rate_table+=$'\n'"| $name | $stmt_rate | $(awk -v b="$bytes" -v ms="$mn" 'BEGIN { printf "%.2f", b / 1048576 * 1000 / ms }') | $(per_second "$files" "$mn") | $m_rss | $f_rss | $s_rss |"
done
echo "$times_table"
echo
echo "Throughput of miglint on all cores, and peak resident memory (miglint and floor on all cores; squawk runs one process):"
echo
echo "$rate_table"
echo
echo "miglint runs its default rules with text output; squawk its default rules and output; both write to /dev/null."
echo "The floor reads each file once and parses it (SQL: miglint's own ParseTree, pg_query_parse_protobuf unpacked into"
echo "miglint's arena; Alembic: tree-sitter only),"
echo "with the same thread pool as miglint; \"floor + PL/pgSQL\" also parses every DO block and LANGUAGE plpgsql function"
echo "body with pg_query_parse_plpgsql, as miglint does to check them (the same as the floor for Alembic)."
echo "Times are medians of the rounds; a ratio is the median over the rounds of miglint's time over the other's in"
echo "the same round (miglint over floor at the same thread count, miglint on all cores over squawk); peak RSS is the"
echo "highest of the runs."
echo
echo "Targets, judged on these figures (the floor a target uses is explained in bench/README.md):"
echo
echo "$targets_table"

# --- report formats: CI uploads SARIF, scripts read JSON --------------------
format_corpus=""
for name in "${corpora[@]}"; do [[ $name == sql-* ]] && format_corpus=$name; done
if [ -n "$format_corpus" ]; then
  dir=bench/corpus/$format_corpus
  format_text=("$miglint" --no-config --exit-zero --color never "$dir")
  format_json=("$miglint" --no-config --exit-zero --format json "$dir")
  format_sarif=("$miglint" --no-config --exit-zero --format sarif "$dir")
  measure format_text format_json format_sarif
  echo
  echo "Output formats on $format_corpus, all cores:"
  echo
  echo "| format | ms | peak RSS MB | ÷ text |"
  echo "| --- | ---: | ---: | ---: |"
  for format in text json sarif; do
    key=format_$format
    echo "| $format | ${median_ms[$key]} | ${peak_mb[$key]} | $(round_ratio "$key" format_text) |"
  done
fi
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$micro" = 1 ]; then
  echo
  echo "### Stages in process (Google Benchmark, one thread, bench/corpus/sql-10k)"
  echo
  echo '```'
  "$root/$build/bench/miglint_bench" --benchmark_min_time=0.5 bench/corpus/sql-10k 2>&1
  echo '```'
fi

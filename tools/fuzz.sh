#!/usr/bin/env bash
# Builds miglint's libFuzzer targets with clang into build-fuzz/ and runs each
# for a bounded time, from seed corpora made of the test fixtures.
#
# Usage: tools/fuzz.sh [seconds-per-target] [targets...]
#   targets: sql alembic config lsp (the default: all of them)
#   MIGLINT_FUZZ_PARALLEL=N  run N targets at once (default 1), under nice
#   MIGLINT_FUZZ_WORK=DIR    corpora, crashes and logs (default fuzz-work/, gitignored)
#
# fuzz/<target>.dict, when present, is the target's libFuzzer dictionary.
# A crash, timeout or leak stops that target and leaves its input in
# DIR/crashes/<target>/; reproduce it with build-fuzz/fuzz/fuzz_<target> FILE.
# An input that found a bug belongs in tests/fuzz-regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[[ $# -gt 0 ]] && shift
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(sql alembic config lsp)
work=${MIGLINT_FUZZ_WORK:-fuzz-work}
parallel=${MIGLINT_FUZZ_PARALLEL:-1}

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
  -DMIGLINT_FUZZ=ON -DBUILD_TESTING=OFF -DMIGLINT_WERROR=OFF >/dev/null
build_targets=()
for target in "${targets[@]}"; do build_targets+=("fuzz_${target}"); done
cmake --build build-fuzz -j2 --target "${build_targets[@]}"

# Copies the files `find` lists into the corpus, named by content so reruns add nothing twice.
add_seeds() {
  local corpus=$1
  shift
  find "$@" -type f -print0 2>/dev/null | while IFS= read -r -d '' file; do
    cp "$file" "$corpus/seed-$(sha1sum "$file" | cut -c1-16)"
  done
}

# The ```toml blocks of the README and docs: real config as users write it.
toml_snippets() {
  local out=$1
  awk -v out="$out" '/^```toml/ {n++; on=1; next} /^```/ {on=0} on {print > (out "/snippet-" FILENAME_ID "-" n ".toml")}' \
    FILENAME_ID=readme README.md
  for doc in docs/*.md docs/rules/*.md; do
    awk -v out="$out" -v id="$(basename "$doc" .md)" \
      '/^```toml/ {n++; on=1; next} /^```/ {on=0} on {print > (out "/snippet-" id "-" n ".toml")}' "$doc"
  done
}

# Chains nested about 5,000 deep that the bracket guard does not count (IS NULL,
# ISNULL, IS TRUE, IN (...), OPERATOR(...)), in a statement, a CHECK, a DO
# block's EXECUTE and an op.execute: the shapes that once overflowed the stack.
deep_seeds() {
  local corpus=$1 kind=$2
  python3 - "$corpus" "$kind" <<'PY'
import sys
corpus, kind = sys.argv[1], sys.argv[2]
links = ["IS NULL ", "ISNULL ", "IS NOT TRUE ", "IN (1) ", "OPERATOR(pg_catalog.+) 1 "]
for i, link in enumerate(links):
    chain = "1 " + link * 4990
    if kind == "sql":
        text = f"SELECT {chain};\nCREATE TABLE t (a int CHECK (a {link * 4990}));\nDO $$ BEGIN EXECUTE 'SELECT {chain}'; END $$;\n"
    else:
        text = f"revision = 'a'\ndown_revision = None\nfrom alembic import op\n\ndef upgrade():\n    op.execute(\"SELECT {chain}\")\n"
    open(f"{corpus}/seed-deep-{i}", "w").write(text)
PY
}

make_corpus() {
  local target=$1 corpus=$work/corpus/$1
  mkdir -p "$corpus"
  case $target in
    sql) add_seeds "$corpus" tests/fixtures examples -name '*.sql' && deep_seeds "$corpus" sql ;;
    alembic) add_seeds "$corpus" tests/fixtures examples -name '*.py' && deep_seeds "$corpus" alembic ;;
    config)
      add_seeds "$corpus" tests examples -name '*.toml'
      local snippets
      snippets=$(mktemp -d)
      toml_snippets "$snippets"
      add_seeds "$corpus" "$snippets"
      rm -rf "$snippets"
      ;;
    lsp)
      # Whole editor sessions (open, code actions, hovers, edit, save, close) over the fixtures.
      find tests/fixtures -type f \( -name '*.sql' -o -name '*.py' \) -print0 |
        xargs -0 python3 fuzz/make_lsp_seeds.py "$corpus"
      ;;
  esac
  [[ -d tests/fuzz-regressions/$target ]] && add_seeds "$corpus" "tests/fuzz-regressions/$target"
  return 0
}

max_len() {
  case $1 in
    config) echo 4096 ;;
    # Long enough for the deep seeds (a 4,990-link chain is 40 KB to 125 KB): a
    # 16 KB limit could never reach the depth that overflowed the stack.
    *) echo 131072 ;;
  esac
}

run_target() {
  local target=$1 dict=()
  mkdir -p "$work/crashes/$target" "$work/logs"
  [[ -f fuzz/$target.dict ]] && dict=(-dict="fuzz/$target.dict")
  # -timeout=30: a 44 KB broken Python line takes 0.3 s in a release build (linear in its
  # length) but 12 s in this coverage + ASan build on a busy 2-core machine.
  nice -n 10 "build-fuzz/fuzz/fuzz_${target}" "$work/corpus/$target" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -print_final_stats=1 -artifact_prefix="$work/crashes/$target/" >"$work/logs/$target.log" 2>&1
}

for target in "${targets[@]}"; do make_corpus "$target"; done
# libFuzzer runs each input on the main thread: give it the deep stack every
# parsing thread of miglint has (core/deep_stack_thread.hpp), or a deep seed
# would report the 8 MB default instead of a bug.
ulimit -s 131072 2>/dev/null || echo "fuzz: could not raise the stack limit; deep inputs may crash the harness" >&2
# Known leaks inside libpg_query are not ours to find again (see the file).
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"

status=0
running=0
for target in "${targets[@]}"; do
  echo "fuzzing $target for ${seconds}s (log: $work/logs/$target.log)"
  run_target "$target" &
  running=$((running + 1))
  if [[ $running -ge $parallel ]]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || status=1
  running=$((running - 1))
done

printf '\n%-8s %12s %8s  %s\n' target executions corpus crashes
for target in "${targets[@]}"; do
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/logs/$target.log" | grep -o '[0-9]*$' || true)
  corpus=$(find "$work/corpus/$target" -type f | wc -l)
  crashes=$(find "$work/crashes/$target" -type f | tr '\n' ' ')
  printf '%-8s %12s %8s  %s\n' "$target" "${executions:-?}" "$corpus" "${crashes:-none}"
done
exit $status

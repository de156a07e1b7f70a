#!/usr/bin/env bash
# fix-history.sh MIGRATIONS-DIR [MIGLINT]
#
# Proves `miglint --fix --unsafe-fixes` on a real migration history: starts a
# PostgreSQL server of its own (initdb in a temporary directory, unix socket
# only; as root the server runs as the `postgres` user), applies the history in
# order as published into database A, fixes a copy of it, applies the copy
# into database B, and compares `pg_dump --schema-only` of both. Then it lints
# the fixed copy again and says whether any fixed finding is left.
#
# Layouts (tests/fixtures/fix-truth.md, "How runners are simulated"):
#   Prisma          <timestamp>_<name>/migration.sql   one query string per file
#   golang-migrate  <version>_<name>.up.sql            one query string per file
#   diesel          <version>/up.sql                   one transaction per file (psql -1)
#   plain           *.sql                              statement by statement (psql)
# Files run in version order (sort -V of their paths, which is miglint's order
# for these layouts). A file of more than 100 kB is sent with psql -1 -f
# instead of as one string (the kernel limits one argument to 128 kB): the
# same single transaction, statement by statement.
#
# It fetches nothing and reads nothing but the directory given. A history that
# fails as published (an extension this server lacks) is applied up to the
# file before the failure, and the comparison covers that prefix, with a note.
# NOT VALID constraints that the fixes leave (and the original validated) are
# printed as expected differences, validated in B as the fix's help says, and
# the schemas compared again.
#
# Exit: 0 same schema and no fixed finding left; 1 otherwise; 77 no PostgreSQL
# server binaries (MIGLINT_PG_BINDIR picks them); 2 usage.
# MIGLINT_KEEP_TEMP=1 keeps the server's directory and both dumps.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: tools/fix-history.sh MIGRATIONS-DIR [MIGLINT]" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
miglint=${2:-$(command -v miglint || echo "$(dirname "$0")/../build/miglint")}
miglint=$(realpath "$miglint")
[ -x "$miglint" ] || { echo "fix-history: no miglint binary at $miglint" >&2; exit 2; }
command -v python3 >/dev/null || { echo "fix-history: python3 is needed to read miglint's JSON" >&2; exit 2; }

bindir=${MIGLINT_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
  done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "fix-history: SKIPPED: no PostgreSQL server binaries (install Debian's postgresql, or set MIGLINT_PG_BINDIR)"
  exit 77
fi

start=$(date +%s.%N)
tmp=$(mktemp -d /tmp/miglint-fix-history-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "fix-history: running as root and there is no postgres user" >&2; exit 2; }
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "${MIGLINT_KEEP_TEMP:-}" ]; then echo "fix-history: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
  --no-instructions >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
cat >>"$tmp/data/postgresql.conf" <<EOF
listen_addresses = ''
port = 5432
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
EOF
"${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w start >/dev/null ||
  { tail -20 "$tmp/data/server.log" >&2; exit 1; }
psql_to() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p 5432 -U postgres -d "$@"; }
psql_to postgres -c "CREATE DATABASE a TEMPLATE template0" -c "CREATE DATABASE b TEMPLATE template0"

# The migration files of `dir` in order, one path relative to it per line, and how each runs.
# A diesel folder sorts by its version, the name before the first `_`
# (2024-01-01-120000 before 2024-01-01-120000-1 before 2024-01-01-120001).
list_files() {
  (cd "$1" && find . -type f \( -name migration.sql -o -name up.sql -o -name '*.up.sql' -o -name '*.sql' \) \
    ! -name '*.down.sql' ! -name down.sql | sed 's|^\./||' |
    awk '{ key = $0; if ($0 ~ /\/up\.sql$/) { key = $0; sub(/_.*/, "", key) } print key "\t" $0 }' |
    LC_ALL=C sort -V -k1,1 | cut -f2)
}
# runner_of FILE [DIR]: diesel's metadata.toml with run_in_transaction = false
# makes it send the file as one query.
runner_of() {
  case "$1" in
    */migration.sql | *.up.sql) echo one-query ;;
    */up.sql)
      if [ -n "${2:-}" ] && grep -qs '^[[:space:]]*run_in_transaction[[:space:]]*=[[:space:]]*false' "$2/$(dirname "$1")/metadata.toml"; then
        echo one-query
      else
        echo transaction
      fi ;;
    *) echo statements ;;
  esac
}
# apply DB DIR FILE: runs FILE of DIR as its runner would; its error output in $tmp/error.
apply() {
  local db=$1 file=$2/$3
  case $(runner_of "$3" "$2") in
    one-query)
      if [ "$(stat -c %s "$file")" -le 100000 ]; then
        psql_to "$db" -c "$(cat "$file")" >/dev/null 2>"$tmp/error"
      else
        psql_to "$db" -1 -f "$file" >/dev/null 2>"$tmp/error"
      fi ;;
    transaction) psql_to "$db" -1 -f "$file" >/dev/null 2>"$tmp/error" ;;
    *) psql_to "$db" -f "$file" >/dev/null 2>"$tmp/error" ;;
  esac
}
dump() {
  "$bindir/pg_dump" --schema-only --no-owner --no-privileges -h "$tmp" -p 5432 -U postgres "$1" |
    grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict ' -e '^SET ' -e '^SELECT pg_catalog.set_config' -e '^$' >"$2"
}
# Findings per rule of a lint's JSON: "rule<TAB>all<TAB>with a fix", sorted.
findings_per_rule() {
  python3 -c '
import json, sys, collections
report = json.load(sys.stdin)
count = collections.defaultdict(lambda: [0, 0])
for f in report["findings"]:
    count[f["rule"]][0] += 1
    count[f["rule"]][1] += f["fix"] is not None
for rule in sorted(count):
    print(f"{rule}\t{count[rule][0]}\t{count[rule][1]}")
'
}

mapfile -t files < <(list_files "$src")
[ ${#files[@]} -gt 0 ] || { echo "fix-history: no migration files in $src" >&2; exit 2; }
echo "fix-history: $src: ${#files[@]} files, runner: $(runner_of "${files[0]}"); $("$bindir/postgres" --version)"

# A: the history as published, up to the first file this server cannot run.
applied=0
for f in "${files[@]}"; do
  if ! apply a "$src" "$f"; then
    echo "fix-history: NOTE: the published history stops at $f on this server; compared up to the file before it:"
    sed 's/^/    /' "$tmp/error"
    break
  fi
  applied=$((applied + 1))
done

# The fixed copy.
copy="$tmp/fixed"
cp -r "$src" "$copy"
"$miglint" --format json --no-config --exit-zero "$copy" | findings_per_rule >"$tmp/before.tsv"
fix_start=$(date +%s.%N)
"$miglint" --fix --unsafe-fixes --no-config --format json "$copy" >/dev/null 2>"$tmp/fix.log" || true
fix_time=$(awk "BEGIN {printf \"%.2f\", $(date +%s.%N) - $fix_start}")
fixes=$(sed -n 's/^miglint: fixed \([0-9]*\) finding(s) in \([0-9]*\) file(s).*/\1/p' "$tmp/fix.log")
changed=$(sed -n 's/^miglint: fixed \([0-9]*\) finding(s) in \([0-9]*\) file(s).*/\2/p' "$tmp/fix.log")
[ -n "$fixes" ] || { echo "fix-history: miglint --fix failed:"; cat "$tmp/fix.log"; exit 1; }
grep -v '^fixed \|^miglint: fixed ' "$tmp/fix.log" | sed 's/^/    /' || true
sed -n 's/^fixed [^ ]* \([a-z0-9-]*\): .*/\1/p' "$tmp/fix.log" | sort | uniq -c >"$tmp/fixed-per-rule"

# B: the fixed copy, the same files and those the fixes created (a migration
# of its own sorts right after the one it came from), up to where A stopped.
mapfile -t fixed_files < <(list_files "$copy")
stop=""
[ "$applied" -lt "${#files[@]}" ] && stop=${files[$applied]}
failed_b=""
for f in "${fixed_files[@]}"; do
  [ -n "$stop" ] && [ "$f" = "$stop" ] && break
  if ! apply b "$copy" "$f"; then
    failed_b=$f
    echo "fix-history: FAIL: the fixed $f does not run:"
    sed 's/^/    /' "$tmp/error"
    diff -u "$src/$f" "$copy/$f" 2>/dev/null | sed 's/^/    /' || true
    break
  fi
done

# Compare; NOT VALID leftovers (valid in A, not in B) are validated in B, then compared again.
dump a "$tmp/a.sql"
dump b "$tmp/b.sql"
not_valid="SELECT conrelid::regclass::text || ' ' || quote_ident(conname) FROM pg_constraint WHERE NOT convalidated AND conrelid <> 0 ORDER BY 1"
comm -13 <(psql_to a -At -c "$not_valid" | sort) <(psql_to b -At -c "$not_valid" | sort) >"$tmp/leftovers"
identical_before=yes
cmp -s "$tmp/a.sql" "$tmp/b.sql" || identical_before=no
if [ -s "$tmp/leftovers" ] && [ -z "$failed_b" ]; then
  echo "fix-history: NOT VALID left by the fixes (expected: validation is left to a later migration), validated in B now:"
  while read -r table constraint; do
    echo "    $table $constraint"
    psql_to b -c "ALTER TABLE $table VALIDATE CONSTRAINT $constraint" >/dev/null
  done <"$tmp/leftovers"
  dump b "$tmp/b.sql"
fi
identical=yes
if ! cmp -s "$tmp/a.sql" "$tmp/b.sql"; then
  identical=no
  echo "fix-history: the schemas differ (- published, + fixed):"
  diff -u "$tmp/a.sql" "$tmp/b.sql" | tail -n +3 | sed 's/^/    /' || true
fi

# Lint the fixed copy again: what a fix should have removed must be gone.
"$miglint" --format json --no-config --exit-zero "$copy" | findings_per_rule >"$tmp/after.tsv"
left=0
echo "fix-history: per rule: findings with a fix / all findings before; fixes applied; findings after"
while IFS=$'\t' read -r rule all with_fix; do
  applied_here=$(awk -v r="$rule" '$2 == r {print $1}' "$tmp/fixed-per-rule")
  applied_here=${applied_here:-0}
  after=$(awk -F'\t' -v r="$rule" '$1 == r {print $2}' "$tmp/after.tsv")
  after=${after:-0}
  after_fixable=$(awk -F'\t' -v r="$rule" '$1 == r {print $3}' "$tmp/after.tsv")
  after_fixable=${after_fixable:-0}
  if [ "$with_fix" -gt 0 ] || [ "$applied_here" -gt 0 ]; then
    printf '    %-34s %4s / %-5s fixed %-4s after %-5s%s\n' "$rule" "$with_fix" "$all" "$applied_here" "$after" \
      "$([ $((all - applied_here)) -lt "$after" ] && echo "  <- fixed findings left" || true)"
    if [ $((all - applied_here)) -lt "$after" ]; then left=$((left + after - all + applied_here)); fi
    if [ "$after_fixable" -gt 0 ]; then
      echo "      ($after_fixable still offer a fix: overlapping fixes wait for a second --fix)"
    fi
  fi
done <"$tmp/before.tsv"

total=$(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $start}")
echo "fix-history: summary: ${#files[@]} files, $applied applied as published; fixes applied: $fixes in $changed file(s)" \
  "(--fix took ${fix_time}s); schema: $([ "$identical" = yes ] && echo identical || echo DIFFERENT)" \
  "$([ "$identical_before" = no ] && [ "$identical" = yes ] && echo "(after validating $(wc -l <"$tmp/leftovers") NOT VALID leftover(s))" || true);" \
  "fixed findings left: $left; total ${total}s"
if [ -n "${MIGLINT_KEEP_TEMP:-}" ]; then echo "fix-history: dumps: $tmp/a.sql $tmp/b.sql"; fi
[ "$identical" = yes ] && [ -z "$failed_b" ] && [ "$left" -eq 0 ]

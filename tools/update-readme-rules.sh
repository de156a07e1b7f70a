#!/usr/bin/env bash
# Regenerates the rules table in README.md from the rule metadata
# (`miglint rules --format markdown`). The docs test fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/miglint}
table=$("$bin" rules --format markdown)
python3 - "$table" <<'PY'
import sys, re
table = sys.argv[1]
text = open("README.md").read()
start, end = "<!-- rules-table:start -->", "<!-- rules-table:end -->"
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
open("README.md", "w").write(before + start + "\n" + table.rstrip("\n") + "\n" + end + after)
PY
echo "README.md rules table updated"

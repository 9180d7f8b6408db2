#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line CI reads: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
dotnet test TaskConsole.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

grep -E '^(Passed|Failed)! +- ' "$log" | awk '
  { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } n++ }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (n == 0) exit 1 }' || status=1
rm -f "$log"
exit "$status"

#!/usr/bin/env bash
# Runs the test command (./mvnw -B verify) N times in a row on a clean clone of HEAD while a CPU hog keeps
# every core busy, and prints one line per run (result, minutes). The suite must pass every time: its system
# tests poll observable conditions instead of sleeping (issue #12, point 9). Results go to docs/RELIABILITY.md
# by hand.
#
#   scripts/verify-under-load.sh [RUNS (5)] [HOGS (nproc)]
# The hog: stress-ng --cpu HOGS when installed (apt-get install stress-ng), else HOGS busy shell loops.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
HOGS="${2:-$(nproc)}"
WORK="$(mktemp -d)"
git clone -q "$ROOT" "$WORK/braid"
cd "$WORK/braid"
hogs=()
cleanup() {
  for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 143' TERM INT
if command -v stress-ng > /dev/null; then
  stress-ng --cpu "$HOGS" --quiet & hogs+=($!)
else
  for _ in $(seq "$HOGS"); do (while :; do :; done) & hogs+=($!); done
fi
echo "[verify] $(git rev-parse --short HEAD), $RUNS runs, CPU hog: $HOGS busy processes on $(nproc) cores"
passed=0
for run in $(seq "$RUNS"); do
  start=$SECONDS
  if ./mvnw -B -o verify > "$WORK/run-$run.log" 2>&1; then result=PASSED; passed=$((passed + 1)); else result=FAILED; fi
  printf '[verify] run %d: %s in %.1f min (log %s)\n' "$run" "$result" "$(echo "($SECONDS - $start) / 60" | bc -l)" "$WORK/run-$run.log"
  [[ "$result" == PASSED ]] || grep -E "Tests run:.*(Failures: [1-9]|Errors: [1-9])|FAIL" "$WORK/run-$run.log" | head -5 || true
done
echo "[verify] $passed of $RUNS runs passed"
[[ "$passed" == "$RUNS" ]]

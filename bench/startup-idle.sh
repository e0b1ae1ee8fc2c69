#!/usr/bin/env bash
# Start-up, idle CPU and one-item latency of the local stack (bench/RESULTS.md, "Start-up and idle CPU").
#   bench/startup-idle.sh [--idle S] [--jobs N] [--skip-latency]
# Runs ./braid up (BRAID_SKIP_BUILD=1: build first), times it until the gateway answers the first one-image
# digits job, waits for the stack to settle, samples each process' CPU (utime+stime from /proc/<pid>/stat)
# over --idle seconds, then times --jobs sequential one-image jobs, and ./braid down.
# Uses the BRAID_* port and home variables of ./braid. Prints one block of key=value lines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IDLE=30 JOBS=100 LATENCY=1 SETTLE=45
while [[ $# -gt 0 ]]; do
  case "$1" in
    --idle) IDLE="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --skip-latency) LATENCY=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export BRAID_SKIP_BUILD=1
GW="http://127.0.0.1:${BRAID_GATEWAY_PORT:-${BRAID_PORT_BASE:-8080}}"
HOME_DIR="${BRAID_HOME:-$ROOT/.braid}"
IMG="$(base64 -w0 models/digits-heldout/7_000.png)"
job() { curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$GW/v1/pipelines/digits/jobs?wait=10" \
  -H 'Content-Type: application/json' -d "{\"inputs\":[{\"id\":\"a\",\"image\":\"$1\"}]}" 2>/dev/null || echo "000 0"; }
now() { date +%s.%N; }
clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{ s=$0; sub(/^.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat" 2>/dev/null || echo 0; }
all_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

./braid down > /dev/null 2>&1 || true
t0=$(now)
./braid up > /tmp/braid-up.$$ 2>&1 || { cat /tmp/braid-up.$$; exit 1; }
t_up=$(now)
while true; do
  r=$(job "$IMG"); [[ "${r%% *}" == 200 ]] && break
  sleep 0.05
done
t_first=$(now)
echo "up_s=$(echo "$t_up - $t0" | bc)"
echo "first_job_s=$(echo "$t_first - $t0" | bc)"
grep -o '^\[braid\] .*ready on .*' "$HOME_DIR/logs/stack.log" | sed 's/^\[braid\] /ready: /'
grep -E '^\[braid\] (kafka|redis) ' "$HOME_DIR/logs/stack.log" | sed 's/^\[braid\] /infra: /'

stack=$(cat "$HOME_DIR/stack.pid")
sleep "$SETTLE"
declare -A name t1
pids=("$stack")
name[$stack]=stack-jvm
for p in $(ps -o pid= --ppid "$stack"); do
  cmd=$(tr '\0' ' ' < "/proc/$p/cmdline")
  case "$cmd" in
    *redis*) n=redis ;;
    *gateway*) n=gateway ;;
    *dispatcher*) n=dispatcher ;;
    *preprocess*) n=preprocess ;;
    *postprocess*) n=postprocess ;;
    *inference*) n="inference-$(tr '\0' '\n' < /proc/$p/environ | sed -n 's/^BRAID_INFERENCE_POOL=//p')" ;;
    *) continue ;;
  esac
  name[$p]=$n; pids+=("$p")
done
for p in "${pids[@]}"; do t1[$p]=$(cpu_ticks "$p"); done
a1=$(all_ticks); s1=$(now)
sleep "$IDLE"
a2=$(all_ticks); s2=$(now)
total=0
for p in "${pids[@]}"; do
  d=$(( $(cpu_ticks "$p") - ${t1[$p]} )); total=$((total + d))
  printf 'idle_cores.%s=%.4f\n' "${name[$p]}" "$(echo "$d / $clk / ($s2 - $s1)" | bc -l)"
done
printf 'idle_cores.total=%.4f\n' "$(echo "$total / $clk / ($s2 - $s1)" | bc -l)"
printf 'machine_cores_busy=%.3f\n' "$(echo "($a2 - $a1) / $clk / ($s2 - $s1)" | bc -l)"

if [[ "$LATENCY" == 1 ]]; then
  imgs=(models/digits-heldout/*.png)
  for i in $(seq 1 20); do job "$(base64 -w0 "${imgs[$((i % ${#imgs[@]}))]}")" > /dev/null; done  # warm-up
  : > /tmp/lat.$$
  errors=0
  for i in $(seq 1 "$JOBS"); do
    r=$(job "$(base64 -w0 "${imgs[$((i % ${#imgs[@]}))]}")")
    [[ "${r%% *}" == 200 ]] || errors=$((errors + 1))
    echo "${r#* }" >> /tmp/lat.$$
  done
  sort -n /tmp/lat.$$ | awk -v n="$JOBS" '{ a[NR] = $1 * 1000 } END {
    printf "latency_ms.p50=%.1f\nlatency_ms.p90=%.1f\nlatency_ms.p99=%.1f\n",
      a[int(n * 0.5)], a[int(n * 0.9)], a[int(n * 0.99)] }' 
  awk '{ s += $1 } END { printf "latency_ms.mean=%.1f\n", s * 1000 / NR }' /tmp/lat.$$
  echo "latency_errors=$errors"
  rm -f /tmp/lat.$$
fi
./braid down > /dev/null 2>&1
rm -f /tmp/braid-up.$$

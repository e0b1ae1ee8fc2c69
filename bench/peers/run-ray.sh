#!/usr/bin/env bash
# Starts and stops the Ray Serve peer of Braid's digits pipeline (bench/peers/ray_digits.py).
#
#   bench/peers/run-ray.sh start [--port 18000] [--style per-item|batched] [--pipelines digits[,bench-resnet18]]
#   bench/peers/run-ray.sh stop       stops the driver and Ray's processes; checks that none is left
#   bench/peers/run-ray.sh status
#
# start returns when the application answers on its port (or fails after RAY_READY_TIMEOUT, 180 s). The driver
# runs in a session of its own (setsid), so every Ray process it starts (GCS, raylet, workers) is found by
# that session id; stop sends SIGTERM (serve.shutdown, ray.shutdown) and then SIGKILL to what remains of it.
# Needs the venv of bench/peers/install-ray.sh. State and log: bench/target/peers-ray/ (or $PEERS_RAY_HOME).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${PEERS_VENV:-$ROOT/bench/target/peers-venv}"
HOME_DIR="${PEERS_RAY_HOME:-$ROOT/bench/target/peers-ray}"
PID_FILE="$HOME_DIR/driver.pid"
LOG="$HOME_DIR/ray.log"
# Ray's own temp dir (sockets: keep the path short)
RAY_TMP="${PEERS_RAY_TMP:-/tmp/braid-peers-ray-$(id -u)}"
say() { printf '[ray] %s\n' "$*"; }

# pids of the processes in session $1
session_pids() {
  local sid="$1" stat rest p
  for stat in /proc/[0-9]*/stat; do
    { read -r rest < "$stat"; } 2>/dev/null || continue
    p="${rest%% *}"
    rest="${rest##*) }"
    # fields after comm: state ppid pgrp session
    set -- $rest
    # zombies have ended; only their parent can reap them
    [[ "${4:-}" == "$sid" && "${1:-}" != Z ]] && echo "$p"
  done
  return 0
}

# a process that runs: /proc has it and it is no zombie
running() {
  local s
  { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
  s="${s##*) }"
  [[ "${s%% *}" != Z ]]
}

driver_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && running "$pid" || return 1
  echo "$pid"
}

cmd_start() {
  local port=18000 style=per-item pipelines=digits
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --style) style="$2"; shift 2 ;;
      --pipelines) pipelines="$2"; shift 2 ;;
      *) echo "run-ray.sh: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [[ -x "$VENV/bin/python" ]] || { echo "run-ray.sh: no venv at $VENV; run bench/peers/install-ray.sh" >&2; exit 1; }
  if pid="$(driver_pid)"; then echo "run-ray.sh: already running (driver pid $pid); stop it first" >&2; exit 1; fi
  mkdir -p "$HOME_DIR" "$RAY_TMP"
  : > "$LOG"
  RAY_TMPDIR="$RAY_TMP" RAY_USAGE_STATS_ENABLED=0 OMP_NUM_THREADS=1 \
    setsid nohup "$VENV/bin/python" "$ROOT/bench/peers/ray_digits.py" --port "$port" --style "$style" \
    --pipelines "$pipelines" --repo "$ROOT" >> "$LOG" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$PID_FILE"
  say "driver pid $pid starting ($pipelines, $style, port $port; log $LOG)"
  local limit="${RAY_READY_TIMEOUT:-180}" started=$SECONDS
  until grep -q '^\[ray\] serving' "$LOG"; do
    if ! running "$pid" || (( SECONDS - started > limit )); then
      echo "run-ray.sh: Ray Serve did not start; the end of $LOG:" >&2
      tail -n 40 "$LOG" >&2
      cmd_stop >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  say "up: http://127.0.0.1:$port (after $((SECONDS - started)) s)"
}

cmd_stop() {
  local pid
  if ! pid="$(driver_pid)"; then
    say "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  say "stopping (driver pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local i=0
  while running "$pid" && (( i < 150 )); do sleep 0.2; i=$((i + 1)); done
  # what is left of the session (workers, raylet, GCS), by pid
  local left
  for i in 1 2 3 4 5 6 7 8 9 10; do
    left="$(session_pids "$pid")"
    [[ -z "$left" ]] && break
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    sleep 0.5
  done
  left="$(session_pids "$pid")"
  if [[ -n "$left" ]]; then
    echo "run-ray.sh: processes still running: $left" >&2
    exit 1
  fi
  rm -f "$PID_FILE"
  say "down: no Ray process is left"
}

cmd_status() {
  local pid
  if pid="$(driver_pid)"; then
    say "running: driver pid $pid, session processes: $(session_pids "$pid" | wc -l)"
  else
    say "not running"
    return 3
  fi
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: bench/peers/run-ray.sh start [--port N] [--style per-item|batched] [--pipelines P] | stop | status" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Braid's benchmark: builds the services, generates the benchmark models, then runs io.braid.bench.BenchMain,
# which measures the DJL ceiling, starts the devstack, drives load through the gateway, prints a table and
# appends it to bench/RESULTS.md. See bench/README.md.
#
#   bench/run.sh            the full run (about 10 minutes)
#   bench/run.sh --quick    short windows, a smoke run
#   bench/run.sh --jfr      also record a JFR profile of every service (bench/target/stack-logs/*.jfr)
#   bench/run.sh --no-append  print only; RESULTS.md is left as it is
# Environment: BENCH_SKIP_BUILD=1 (use what is built), JAVA_HOME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
say() { printf '[bench] %s\n' "$*"; }

if ! "$PY" -c 'import torch, torchvision' 2>/dev/null; then
  say "installing Debian's python3-torch and python3-torchvision (to export the benchmark models)"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get install -y python3-torch python3-torchvision
fi

[[ -f bench/models/resnet18-gray/model.pt ]] || "$PY" bench/export_resnet18_gray.py --out bench/models/resnet18-gray
[[ -f bench/models/noop/model.pt ]] || "$PY" bench/export_noop.py --out bench/models/noop
if [[ ! -f models/digits-mlp/model.pt && ! -f bench/models/digits/digits-lenet/model.pt ]]; then
  # Only their cost matters here, not their accuracy: a short training run, whose accuracy check may complain.
  say "models/ has no trained digit models; training quick ones into bench/models/digits"
  "$PY" scripts/train_digits.py --out bench/models/digits --epochs 2 --per-font 20 --threads 1 || true
  [[ -f bench/models/digits/digits-lenet/model.pt ]] || { echo "bench: digit models could not be trained" >&2; exit 1; }
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  say "building the services and the benchmark"
  ./mvnw -q -o install -DskipTests -pl '!helm,!system-tests' \
    || ./mvnw -q install -DskipTests -pl '!helm,!system-tests'
fi

JAR="$(ls bench/target/braid-bench-*.jar | grep -v -e '-sources' -e '-tests' | head -1)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain 2>/dev/null)" ]] && COMMIT="$COMMIT + uncommitted changes"
exec "$JAVA" -Xmx2g -Djava.awt.headless=true \
  -Dbraid.repo.root="$ROOT" -Dbench.command="bench/run.sh $*" -Dbench.commit="$COMMIT" \
  -cp "$JAR:bench/target/lib/*" io.braid.bench.BenchMain "$@"

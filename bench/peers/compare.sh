#!/usr/bin/env bash
# Braid against Ray Serve 2.58 on this box, with identical requests (see bench/README.md, "Peers: Ray Serve").
# Builds the services and the bench module, installs Ray Serve into bench/target/peers-venv if missing, then runs
# io.braid.bench.peers.PeerCompare, which starts each system alone, measures it and stops it, alternating them,
# and appends a section to bench/RESULTS.md.
#
#   bench/peers/compare.sh                                the full run (2 alternations of 3 systems, 60 s windows)
#   bench/peers/compare.sh --window 10s --idle 5s --warmup 5s --alternations 1 --no-append    a quick check
#   bench/peers/compare.sh --help                         every option (ports, Braid's home, systems, workloads)
# Environment: PEERS_SKIP_BUILD=1 (use what is built), JAVA_HOME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
say() { printf '[peers] %s\n' "$*"; }

if [[ "${PEERS_SKIP_BUILD:-0}" != 1 ]]; then
  say "building the services and the bench module (package, no install)"
  MODULES=bench,gateway,dispatcher,preprocess-svc,inference-svc,postprocess-svc,devstack
  ./mvnw -q -o -B package -DskipTests -pl "$MODULES" -am || ./mvnw -q -B package -DskipTests -pl "$MODULES" -am
fi
bench/peers/install-ray.sh

JAR="$(ls bench/target/braid-bench-*.jar | grep -v -e '-sources' -e '-tests' | head -1)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain 2>/dev/null)" ]] && COMMIT="$COMMIT + uncommitted changes"
exec "$JAVA" -Xmx1g -Dbraid.repo.root="$ROOT" -Dbench.command="bench/peers/compare.sh $*" -Dbench.commit="$COMMIT" \
  -cp "$JAR:bench/target/lib/*" io.braid.bench.peers.PeerCompare "$@"

#!/usr/bin/env bash
# Braid's fault suite: runs the stack of `./braid up --replicas 2` (two processes of every service, supervised)
# in one JVM, a fault-free reference load, then one scenario per fault (kill -9 of each service kind, SIGSTOP
# for 20 s, Kafka broker restart, Redis restart, poison records, the results topic replayed, pixel bombs among
# good images, a 10x burst over capacity). Prints one row per scenario and appends the table to
# docs/RELIABILITY.md. See docs/RELIABILITY.md for the columns and the goals.
#
#   bench/chaos.sh                      every scenario (about 15 minutes here)
#   bench/chaos.sh --only kill,broker   the reference plus the scenarios whose name contains a word given
#   bench/chaos.sh --no-write           print only
# Environment: CHAOS_SKIP_BUILD=1 (use what is built), JAVA_HOME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${CHAOS_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[chaos] building the services and the suite"
  ./mvnw -q -o install -DskipTests -pl '!helm,!system-tests' 2>/dev/null \
    || ./mvnw -q install -DskipTests -pl '!helm,!system-tests'
fi

JAR="$(ls bench/target/braid-bench-*.jar | grep -v -e '-sources' -e '-tests' | head -1)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain 2>/dev/null)" ]] && COMMIT="$COMMIT + uncommitted changes"
exec "$JAVA" -Xmx3g -Dbraid.repo.root="$ROOT" -Dchaos.command="bench/chaos.sh $*" -Dchaos.commit="$COMMIT" \
  -cp "$JAR:bench/target/lib/*" io.braid.bench.chaos.ChaosMain "$@"

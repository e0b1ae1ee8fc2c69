#!/usr/bin/env bash
# Issue #10's benchmarks of agent pipelines: starts the devstack (with its mock model server) on the repository's
# models and pipelines and measures fan-out speed-up, the concurrency cap, a 429 storm, and the platform's CPU and
# memory per remote call; appends the results to bench/RESULTS.md. See bench/README.md.
#
#   bench/agents.sh             the full run (about 5 minutes)
#   bench/agents.sh --quick     fewer jobs, shorter windows
#   bench/agents.sh --no-append print only
#   bench/agents.sh --only cap,storm   some of: fanout, cap, storm, cpu, memory
# Environment: BENCH_SKIP_BUILD=1 (use what is built), JAVA_HOME.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[bench] building the services and the benchmark"
  ./mvnw -q -o install -DskipTests -pl '!helm,!system-tests' || ./mvnw -q install -DskipTests -pl '!helm,!system-tests'
fi
JAR="$(ls bench/target/braid-bench-*.jar | grep -v -e '-sources' -e '-tests' | head -1)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain 2>/dev/null)" ]] && COMMIT="$COMMIT + uncommitted changes"
exec "$JAVA" -Xmx2g -Dbraid.repo.root="$ROOT" -Dbench.command="bench/agents.sh $*" -Dbench.commit="$COMMIT" \
  -cp "$JAR:bench/target/lib/*" io.braid.bench.AgentBench "$@"

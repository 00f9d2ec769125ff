#!/usr/bin/env bash
# Soak: the whole system (embedded PostgreSQL + store + pipeline with its live synthetic feed, one JVM) for
# --minutes minutes (20) at half of the maximum it measures first, with PostgreSQL stopped for 15 s and
# restarted twice. Checks RSS and heap after GC after each restart within 10 % of before, no ERROR log line
# outside the outages, every acknowledged bar stored exactly once and nothing dead-lettered. Prints a markdown
# report (exit status 1 when a check fails); bench/results/reliability.md records a run.
#
# Usage: bench/soak.sh [--minutes N (20)] [--calibrate-sec S (30)] [--out FILE]
# Environment: BENCH_SKIP_BUILD=1 reuses what was built last time; SOAK_HEAP (default 1g) sizes the heap.
# The program (io.marketflow.launcher.Soak) lives in the launcher's test sources beside the end-to-end tests'
# helpers. Nothing is installed into ~/.m2: the classpath points at each module's target/classes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -B -o -q -pl launcher -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
      -Dmdep.outputFile=target/soak-classpath.txt -Dmdep.includeScope=test
fi
heap="${SOAK_HEAP:-1g}"
exec java "-Xms$heap" "-Xmx$heap" \
    -cp "launcher/target/test-classes:launcher/target/classes:$(cat launcher/target/soak-classpath.txt)" \
    io.marketflow.launcher.Soak "$@"

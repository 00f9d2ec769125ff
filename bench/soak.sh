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
# helpers.
heap="${SOAK_HEAP:-1g}"
exec "$(dirname "$0")/test-main.sh" launcher "-Xms$heap -Xmx$heap" io.marketflow.launcher.Soak "$@"

#!/usr/bin/env bash
# Measures the closed feedback loop of the whole system (embedded PostgreSQL + store + pipeline in one JVM):
#   1. latency from a watermark crossing in the store to the pipeline's rate change, in process and over HTTP;
#   2. a steady 2x overload then a capacity step (halved, restored), for the off, step, aimd and pace policies:
#      level changes/min, rows written vs off, queue, queueing delay, 429/503, settling time.
# Prints a markdown report; bench/results/feedback-loop.md explains a run's numbers. About 9 minutes on 2 cores.
#
# Usage: bench/feedback/run.sh [--crossings N (20; 0 skips part 1)] [--warmup-sec S (10)] [--window-sec S (60)]
#                              [--out FILE]
#    or: bench/feedback/run.sh scenarios [--warmup-sec S (10)] [--window-sec S (30)] [--only NAME-PREFIX] [--out FILE]
#        3. pace vs off for 3x and 10x overload, two store replicas, two pipelines: start-up time, capacity step
#           (io.marketflow.launcher.LoopScenarios; about 2 minutes per scenario and policy on 2 loaded cores).
# Environment: BENCH_SKIP_BUILD=1 reuses what was built last time.
# Not part of the test suite; the program (io.marketflow.launcher.LoopLatencyBenchmark) lives in the
# launcher's test sources to share the end-to-end tests' helpers.
exec "$(dirname "$0")/../test-main.sh" launcher -Xmx2g io.marketflow.launcher.LoopLatencyBenchmark "$@"

#!/usr/bin/env bash
# Health probe latency while wrk saturates the store; prints a markdown table.
# Usage: bench/probes/run.sh [connections, default 256] [seconds, default 40]. Needs wrk (apt-get install wrk).
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
exec "$(dirname "$0")/../test-main.sh" store-service -Xmx1g io.marketflow.store.reliability.ProbeLatencyBenchmark "$@"

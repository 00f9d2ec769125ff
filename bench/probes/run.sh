#!/usr/bin/env bash
# Health probe latency while wrk saturates the store; prints a markdown table.
# Usage: bench/probes/run.sh [connections, default 256] [seconds, default 40]. Needs wrk (apt-get install wrk).
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl store-service test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -cp "store-service/target/test-classes:store-service/target/classes:$(cat store-service/target/bench-classpath.txt)" \
    io.marketflow.store.reliability.ProbeLatencyBenchmark "$@"

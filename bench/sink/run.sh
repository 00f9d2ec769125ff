#!/usr/bin/env bash
# Measures the sinks' write methods (COPY vs UNNEST) on the embedded PostgreSQL and prints a markdown table.
# Usage: bench/sink/run.sh [bar rows, default 200000] [rounds, default 3] [rows of the other kinds, default 50000]
#        [concurrent writers for the last table, default 4, 0 skips] [--concurrent-only]
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl store-service test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx2g -cp "store-service/target/test-classes:store-service/target/classes:$(cat store-service/target/bench-classpath.txt)" \
    io.marketflow.store.sink.SinkWriteMethodsBenchmark "$@"

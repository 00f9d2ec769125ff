#!/usr/bin/env bash
# Measures the read queries (1d rollup over a year of 1m bars, latest of 500 symbols) on the embedded PostgreSQL
# and prints a markdown table. Usage: bench/reads/run.sh [iterations, default 200]
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl store-service test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -cp "store-service/target/test-classes:store-service/target/classes:$(cat store-service/target/bench-classpath.txt)" \
    io.marketflow.store.query.ReadBenchmark "$@"

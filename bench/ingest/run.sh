#!/usr/bin/env bash
# One thread, warm: CPU per bar of reading 1000-bar bodies (JSON array, NDJSON) as the store's ingest does.
# Usage: bench/ingest/run.sh [rounds of 1000 bars, default 3000]
# Not part of the test suite: the class lives in store-service's test sources; its libraries come from the
# store's executable jar (built here).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl store-service -am package -DskipTests -Dspotless.check.skip=true
./mvnw -B -q -pl store-service test-compile -Dspotless.check.skip=true
libs=$(mktemp -d /tmp/marketflow-ingest-bench.XXXXXX)
trap 'rm -rf "$libs"' EXIT
(cd "$libs" && jar xf "$OLDPWD/store-service/target/store-service-0.1.0-SNAPSHOT-exec.jar" BOOT-INF/lib)
java -Xmx512m -XX:+UseSerialGC \
    -cp "store-service/target/test-classes:store-service/target/classes:$libs/BOOT-INF/lib/*" \
    io.marketflow.store.ingest.BarReadingBenchmark "$@"

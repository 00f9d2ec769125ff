#!/usr/bin/env bash
# Measures the sinks' write methods (COPY vs UNNEST) on the embedded PostgreSQL and prints a markdown table.
# Usage: bench/sink/run.sh [bar rows, default 200000] [rounds, default 3] [rows of the other kinds, default 50000]
#        [concurrent writers for the last table, default 4, 0 skips] [--concurrent-only]
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
exec "$(dirname "$0")/../test-main.sh" store-service -Xmx2g io.marketflow.store.sink.SinkWriteMethodsBenchmark "$@"

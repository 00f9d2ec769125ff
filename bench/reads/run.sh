#!/usr/bin/env bash
# Measures the read queries (1d rollup over a year of 1m bars, latest of 500 symbols) on the embedded PostgreSQL
# and prints a markdown table. Usage: bench/reads/run.sh [iterations, default 200]
# Not part of the test suite; the class lives in store-service's test sources to reuse their fixture.
exec "$(dirname "$0")/../test-main.sh" store-service -Xmx1g io.marketflow.store.query.ReadBenchmark "$@"

#!/usr/bin/env bash
# What the write-ahead journal costs: the store with MDS_JOURNAL_ENABLED=false and true in alternating rounds on the
# embedded PostgreSQL, ack=committed throughput flat out and ack=queued latency at 20 % of it. Prints a markdown table.
# Usage: bench/journal/run.sh [rows per throughput run, default 100000] [rounds, default 3] [seconds at 20 %, default 15]
# Not part of the test suite; the class lives in store-service's test sources to reuse their harnesses.
exec "$(dirname "$0")/../test-main.sh" store-service -Xmx1g io.marketflow.store.reliability.JournalCostBenchmark "$@"

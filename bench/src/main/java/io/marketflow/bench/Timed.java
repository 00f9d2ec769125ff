package io.marketflow.bench;

/** Work whose wall time and cost a runner measures; it returns the per-request or per-batch latencies, if any. */
@FunctionalInterface
interface Timed {

    long[] run() throws Exception;
}

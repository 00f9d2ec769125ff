package io.marketflow.bench;

/** A method that writes the benchmark's rows in batches from worker threads: (c) and (d). */
interface BatchedMethod {

    /** Writes every row, {@code batchSize} per batch on {@code threads} threads; the latency of each batch. */
    long[] run(int threads, int batchSize) throws Exception;
}

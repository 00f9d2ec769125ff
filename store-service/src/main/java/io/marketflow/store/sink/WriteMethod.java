package io.marketflow.store.sink;

/**
 * How a sink moves a batch into its table. Both upsert the whole batch in one transaction with the same
 * last-write-wins result; they differ only in speed (bench/results/sink-write-methods.md).
 */
public enum WriteMethod {

    /** Binary {@code COPY} into a per-connection temporary table, then one {@code INSERT … SELECT … ON CONFLICT}. */
    COPY,

    /** One {@code INSERT … SELECT FROM unnest($1, $2, …) ON CONFLICT}, one array parameter per column. */
    UNNEST;

    /** The faster of the two on the measured workloads, used when a sink is built without a method. */
    public static final WriteMethod DEFAULT = COPY;
}

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

    /**
     * Used when a sink is built without a method. UNNEST wrote 1.13× as many rows per second as COPY over all
     * measured cases (bars alone 1.04×, within this machine's noise; fundamentals 1.5×), see
     * bench/results/sink-write-methods.md. It also needs no temporary table and no driver-specific API.
     */
    public static final WriteMethod DEFAULT = UNNEST;
}

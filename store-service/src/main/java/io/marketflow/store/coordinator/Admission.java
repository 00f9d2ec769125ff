package io.marketflow.store.coordinator;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of admitting one request's items: all of them are in the queue. When the caller asked to
 * track the commit, {@code committed} completes once every item is written or dead-lettered; otherwise it
 * is {@code null}.
 */
public record Admission(int accepted, CompletableFuture<CommitResult> committed) {}

package io.marketflow.store.coordinator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link BatchSink} of integers whose failures are scripted: transient outages, rows the
 * "database" rejects, and writes that hang until released.
 */
final class FakeSink implements BatchSink<Integer> {

    final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    final List<Long> writtenAtNanos = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger calls = new AtomicInteger();
    private final List<Integer> rejected = Collections.synchronizedList(new ArrayList<>());
    private volatile int transientFailuresLeft;
    private final Set<Integer> transientCalls = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile CountDownLatch hang;
    private final AtomicInteger writesBeforeHang = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean ignoreInterrupts;

    /** The next {@code count} writes fail with a transient error. */
    FakeSink failTransiently(int count) {
        transientFailuresLeft = count;
        return this;
    }

    /** The write with this (1-based) call number fails with a transient error. */
    FakeSink failTransientlyOnCall(int call) {
        transientCalls.add(call);
        return this;
    }

    /** Every write fails with a transient error until {@code down(false)}. */
    FakeSink down(boolean down) {
        this.down = down;
        return this;
    }

    /** Batches containing {@code value} fail with a data error naming it. */
    FakeSink reject(Integer... values) {
        rejected.addAll(List.of(values));
        return this;
    }

    FakeSink accept(Integer value) {
        rejected.remove(value);
        return this;
    }

    /** After {@code successes} more successful writes, every write hangs until {@link #release()} or an interrupt. */
    FakeSink hangAfter(int successes) {
        hang = new CountDownLatch(1);
        writesBeforeHang.set(successes);
        return this;
    }

    /** Like a driver call that cannot be cancelled: hanging writes ignore interrupts. */
    FakeSink ignoringInterrupts() {
        ignoreInterrupts = true;
        return this;
    }

    void release() {
        CountDownLatch latch = hang;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public void write(List<Integer> batch) throws Exception {
        int call = calls.incrementAndGet();
        if (down || transientCalls.contains(call)) {
            throw new TransientException("connection refused");
        }
        if (transientFailuresLeft > 0) {
            transientFailuresLeft--;
            throw new TransientException("connection reset");
        }
        CountDownLatch latch = hang;
        if (latch != null && writesBeforeHang.getAndDecrement() <= 0) {
            awaitRelease(latch);
        }
        for (Integer value : batch) {
            if (rejected.contains(value)) {
                throw new DataException("value " + value + " violates check constraint \"positive\"");
            }
        }
        batches.add(List.copyOf(batch));
        writtenAtNanos.add(System.nanoTime());
    }

    private void awaitRelease(CountDownLatch latch) throws InterruptedException {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                if (!ignoreInterrupts) {
                    throw e;
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "fake";
    }

    List<Integer> written() {
        synchronized (batches) {
            List<Integer> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    static boolean isTransient(Throwable error) {
        return error instanceof TransientException;
    }

    static final class TransientException extends Exception {
        TransientException(String message) {
            super(message);
        }
    }

    static final class DataException extends Exception {
        DataException(String message) {
            super(message);
        }
    }
}

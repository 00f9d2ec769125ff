package io.marketflow.store.coordinator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps dead-letter records in memory. */
final class FakeDeadLetters implements DeadLetterSink<Integer> {

    record Entry(List<Integer> items, String error, int attempts) {}

    final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger refused = new AtomicInteger();
    private volatile boolean failing;

    /** While {@code failing}, every record is refused as a full or unwritable directory would refuse it. */
    FakeDeadLetters failing(boolean failing) {
        this.failing = failing;
        return this;
    }

    @Override
    public void deadLetter(List<Integer> items, String error, int attempts) throws IOException {
        if (failing) {
            refused.incrementAndGet();
            throw new IOException("No space left on device");
        }
        entries.add(new Entry(List.copyOf(items), error, attempts));
    }

    List<Integer> items() {
        synchronized (entries) {
            List<Integer> all = new ArrayList<>();
            entries.forEach(entry -> all.addAll(entry.items()));
            return all;
        }
    }
}

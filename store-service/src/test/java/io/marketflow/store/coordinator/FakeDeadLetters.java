package io.marketflow.store.coordinator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps dead-letter records in memory. */
final class FakeDeadLetters implements DeadLetterSink<Integer> {

    record Entry(List<Integer> items, String error, int attempts) {}

    final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void deadLetter(List<Integer> items, String error, int attempts) {
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

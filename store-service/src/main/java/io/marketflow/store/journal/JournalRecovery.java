package io.marketflow.store.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays what a previous process journaled and did not settle: every recovered record's items go back through
 * the normal write path (re-submitted, so journaled again), and then the old segments are deleted. A record that
 * cannot be read is skipped and counted, never a reason not to start. Replaying items that were in fact written
 * before the crash is harmless: the sinks upsert.
 */
public final class JournalRecovery {

    private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);

    /** Submits recovered items of one kind; blocks until they are admitted (queued, journaled again). */
    @FunctionalInterface
    public interface Resubmitter<T> {

        void resubmit(List<T> items) throws Exception;
    }

    /** What a replay did. */
    public record Result(long items, int records, int unreadable, Journal.Recovery found) {}

    private final Journal journal;
    private final JsonMapper mapper;
    private final Map<String, Target<?>> targets = new LinkedHashMap<>();

    public JournalRecovery(Journal journal, JsonMapper mapper) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public <T> JournalRecovery target(JournalKind<T> kind, Resubmitter<T> resubmitter) {
        targets.put(kind.kind(), new Target<>(kind, resubmitter));
        return this;
    }

    /**
     * Re-submits every recovered record, consecutive records of one kind together (up to {@code maxItems}), and
     * deletes the old segments once all are re-submitted. If a re-submission fails the old segments stay, so the
     * next start tries again.
     */
    public Result replay(int maxItems) throws Exception {
        List<byte[]> records = journal.recovered();
        long items = 0;
        int unreadable = 0;
        Pending pending = null;
        for (byte[] payload : records) {
            JsonNode json = null;
            Target<?> target;
            try {
                String kind;
                if (BarRecords.isBinary(payload)) {
                    kind = BarRecords.kind(payload);
                } else {
                    json = mapper.readTree(payload);
                    kind = JournalKind.kindOf(json);
                }
                target = targets.get(kind);
                if (target == null) {
                    throw new IllegalArgumentException("unknown kind " + kind);
                }
            } catch (RuntimeException e) {
                unreadable++;
                log.warn("journal: skipping a record that cannot be read: {}", e.toString());
                continue;
            }
            List<?> recordItems;
            try {
                recordItems = json == null
                        ? target.kind().items(payload)
                        : target.kind().items(json);
            } catch (RuntimeException e) {
                unreadable++;
                log.warn(
                        "journal: skipping a {} record whose items cannot be read: {}",
                        target.kind.kind(),
                        e.toString());
                continue;
            }
            if (pending == null || pending.target != target || pending.size() + recordItems.size() > maxItems) {
                items += flush(pending);
                pending = new Pending(target);
            }
            pending.add(recordItems);
        }
        items += flush(pending);
        Result result = new Result(items, records.size() - unreadable, unreadable, journal.recovery());
        journal.releaseRecovered();
        return result;
    }

    private static long flush(Pending pending) throws Exception {
        return pending == null ? 0 : pending.submit();
    }

    private record Target<T>(JournalKind<T> kind, Resubmitter<T> resubmitter) {}

    private static final class Pending {

        private final Target<?> target;
        private final List<Object> items = new ArrayList<>();

        Pending(Target<?> target) {
            this.target = target;
        }

        void add(List<?> recordItems) {
            items.addAll(recordItems);
        }

        int size() {
            return items.size();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        long submit() throws Exception {
            if (!items.isEmpty()) {
                ((Resubmitter) target.resubmitter()).resubmit(items);
            }
            return items.size();
        }
    }
}

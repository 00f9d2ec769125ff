package io.marketflow.store.journal;

import io.marketflow.contracts.Bar;
import io.marketflow.store.coordinator.AdmissionJournal;
import io.marketflow.store.coordinator.JournalUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One kind of item's view of the shared {@link Journal}: records a request's items, bars in {@link BarRecords}'
 * binary layout and every other kind as {@code {"kind":…,"items":[…]}} (the items as the dead-letter queue writes
 * them), and reads both back (bars journaled as JSON by earlier versions too).
 *
 * @param <T> item type
 */
public final class JournalKind<T> implements AdmissionJournal<T> {

    /** How long a client refused for a failing journal is asked to wait: an operator has to free the disk. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final Journal journal;
    private final String kind;
    private final Class<T> type;
    private final JsonMapper mapper;

    public JournalKind(Journal journal, String kind, Class<T> type, JsonMapper mapper) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Receipt record(List<T> items) {
        byte[] payload = type == Bar.class ? BarRecords.encode(kind, items) : null;
        if (payload == null) {
            payload = mapper.writeValueAsBytes(new Entry(kind, items));
        }
        try {
            return journal.append(payload, items.size());
        } catch (IOException e) {
            throw new JournalUnavailableException(
                    "the store cannot write its journal (" + e.getMessage() + "); nothing of this request was "
                            + "accepted",
                    RETRY_AFTER,
                    e);
        }
    }

    public String kind() {
        return kind;
    }

    /** The kind a recovered record belongs to, or {@code null} when it is not a record this class wrote. */
    static String kindOf(JsonNode record) {
        JsonNode kind = record.get("kind");
        return kind == null || !kind.isString() ? null : kind.asString();
    }

    /** The items of a binary record of this kind ({@link BarRecords#isBinary}). */
    @SuppressWarnings("unchecked")
    List<T> items(byte[] binary) {
        if (type != Bar.class) {
            throw new IllegalArgumentException("a binary record for kind " + kind + ", which is journaled as JSON");
        }
        return (List<T>) BarRecords.decode(binary);
    }

    /** The items of a JSON record of this kind. */
    List<T> items(JsonNode record) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : record.required("items")) {
            items.add(mapper.treeToValue(item, type));
        }
        return items;
    }

    private record Entry(String kind, List<?> items) {}
}

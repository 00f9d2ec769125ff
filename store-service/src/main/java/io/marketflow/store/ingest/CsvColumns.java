package io.marketflow.store.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How the cells of a CSV column become JSON for the item binder, by the wire name of each field of an item
 * record: numbers as JSON numbers (when they are written as one; anything else stays text, so the binder reports
 * "must be a number"), lists as arrays of {@code ;}-separated text, everything else as text. A column the item
 * does not have is passed on as text and ignored, as an unknown JSON field is.
 */
final class CsvColumns {

    enum Kind {
        NUMBER,
        LIST,
        TEXT
    }

    private final Map<String, Kind> kinds;

    private CsvColumns(Map<String, Kind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    static CsvColumns of(Class<?> itemType) {
        Map<String, Kind> kinds = new HashMap<>();
        RecordComponent[] components = itemType.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(itemType + " is not a record");
        }
        for (RecordComponent component : components) {
            // @JsonProperty cannot target a record component: Java puts it on the accessor (among others).
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
            kinds.put(name, kind(component.getType()));
        }
        return new CsvColumns(kinds);
    }

    Kind kind(String column) {
        return kinds.getOrDefault(column, Kind.TEXT);
    }

    private static Kind kind(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return Kind.NUMBER;
        }
        return Collection.class.isAssignableFrom(type) ? Kind.LIST : Kind.TEXT;
    }
}

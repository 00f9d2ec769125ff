package io.marketflow.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A copy of a record with some components replaced: a test breaks exactly one field of a valid value, or sets the
 * optional ones of a value built by its factory. The record may be a test's own, not public: this runs on the class
 * path, where reflection may open it.
 */
public final class RecordCopies {

    private RecordCopies() {}

    /** {@code record} with {@code component} set to {@code value} (which may be null). */
    public static <R extends Record> R with(R record, String component, Object value) {
        return with(record, Collections.singletonMap(component, value));
    }

    /** {@code record} with each component named in {@code values} set to its value. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, Map<String, ?> values) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] copy = new Object[components.length];
        Set<String> missing = new HashSet<>(values.keySet());
        try {
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                copy[i] = missing.remove(name) ? values.get(name) : accessor.invoke(record);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + missing);
            }
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return (R) canonical.newInstance(copy);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/** Translates Bean Validation results into the names a client sent, for error responses. */
public final class Violations {

    private static final String HELPER_SUFFIX = "Valid";

    // Java property name -> JSON name, read once per type from the record's @JsonProperty annotations.
    private static final ClassValue<Map<String, String>> WIRE_NAMES = new ClassValue<>() {
        @Override
        protected Map<String, String> computeValue(Class<?> type) {
            return wireNames(type);
        }
    };

    private Violations() {}

    /**
     * The JSON field a violation is about, as the client spelled it: {@code trade_count}, not {@code tradeCount}.
     * A cross-field rule written as an {@code is<Field>Valid()} method is reported under that field, so
     * {@code Bar.isHighValid()} gives {@code high}; a broken list element carries its index, {@code symbols[2]}.
     *
     * <p>The violation must come from validating one item ({@link Bar}, {@link OptionSnapshot},
     * {@link Fundamentals}, {@link NewsItem} or {@link FeedbackEvent}) as the root bean. Another record's names are
     * read the same way, from its {@code @JsonProperty} annotations; for a class that is not a record the Java
     * property name is converted to snake_case. Returns {@code ""} for a rule about the item as a whole.
     */
    public static String wireField(ConstraintViolation<?> violation) {
        String field = "";
        Integer index = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (field.isEmpty() && node.getKind() == ElementKind.PROPERTY) {
                field = wireName(violation.getRootBeanClass(), node.getName());
            } else if (!field.isEmpty() && index == null && node.getIndex() != null) {
                index = node.getIndex();
            }
        }
        return index == null ? field : field + "[" + index + "]";
    }

    private static String wireName(Class<?> type, String property) {
        Map<String, String> names = WIRE_NAMES.get(type);
        String name = names.get(property);
        if (name == null && property.endsWith(HELPER_SUFFIX)) {
            name = names.get(property.substring(0, property.length() - HELPER_SUFFIX.length()));
        }
        return name != null ? name : snakeCase(property);
    }

    private static Map<String, String> wireNames(Class<?> type) {
        Map<String, String> names = new HashMap<>();
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            return names;
        }
        for (RecordComponent component : components) {
            // @JsonProperty cannot target a record component, so javac propagates it to the accessor.
            JsonProperty json = component.getAccessor().getAnnotation(JsonProperty.class);
            boolean named = json != null && !json.value().isEmpty();
            names.put(component.getName(), named ? json.value() : component.getName());
        }
        return Map.copyOf(names);
    }

    private static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

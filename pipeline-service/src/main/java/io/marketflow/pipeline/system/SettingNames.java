package io.marketflow.pipeline.system;

import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Which environment variable sets which property. The rule is mechanical, and {@code application.yml} follows
 * it for every fixed name: {@code mdp.fb.stale-after-sec} is {@code MDP_FB_STALE_AFTER_SEC}, and a map key
 * becomes the name part: {@code mdp.rate[ibkr].refill-rate} is {@code MDP_RATE_IBKR_REFILL_RATE}.
 */
final class SettingNames {

    private SettingNames() {}

    /** The variable behind an {@code mdp.*} property, e.g. {@code mdp.fb.policy} -> {@code MDP_FB_POLICY}. */
    static String variableFor(String property) {
        return property.replace("[", ".")
                .replace("]", "")
                .replace('.', '_')
                .replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** {@code MDP_FB_POLICY (mdp.fb.policy)}, for messages. */
    static String describe(String property) {
        return property.startsWith("mdp.") ? variableFor(property) + " (" + property + ")" : property;
    }

    /**
     * A validation error's field path with each record component renamed as it is bound: a component marked
     * {@code @Name("fb")} ({@code feedback}) stands for the property {@code fb}, e.g.
     * {@code feedback.staleAfterSec} -> {@code fb.staleAfterSec}. Map keys ({@code rate[ibkr]}) stay.
     */
    static String boundPath(Class<?> type, String fieldPath) {
        StringBuilder bound = new StringBuilder();
        Class<?> current = type;
        for (String segment : fieldPath.split("\\.")) {
            int bracket = segment.indexOf('[');
            String name = bracket < 0 ? segment : segment.substring(0, bracket);
            Parameter component = component(current, name);
            // @Name sits on the canonical constructor's parameter, which the binder reads.
            Name rename = component == null ? null : component.getAnnotation(Name.class);
            bound.append(bound.isEmpty() ? "" : ".")
                    .append(rename == null ? name : rename.value())
                    .append(bracket < 0 ? "" : segment.substring(bracket));
            current = component == null ? null : elementType(component.getParameterizedType(), bracket >= 0);
        }
        return bound.toString();
    }

    private static Parameter component(Class<?> type, String name) {
        if (type == null || !type.isRecord()) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Parameter[] parameters = type.getDeclaredConstructor(types).getParameters();
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(name)) {
                    return parameters[i];
                }
            }
            return null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The class of a component, or with {@code indexed} of its map values or list elements. */
    private static Class<?> elementType(Type type, boolean indexed) {
        if (indexed && type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            type = arguments[arguments.length - 1];
        }
        if (type instanceof ParameterizedType parameterized) {
            type = parameterized.getRawType();
        }
        return type instanceof Class<?> c ? c : null;
    }
}

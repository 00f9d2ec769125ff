package io.marketflow.pipeline.system;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a rejected pipeline setting into a start-up message that names the environment variable, its value
 * and the rule it broke, e.g. {@code MDP_RATE_IBKR_CAPACITY (mdp.rate[ibkr].capacity) = "0": must be greater
 * than or equal to 1}. Checks written as {@code isXxxValid()} methods are reported against setting
 * {@code xxx}; other cross-field checks against their group, with a message that names the variables.
 */
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private static final String VALID_SUFFIX = "Valid";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.equals("mdp") && !name.startsWith("mdp.")) {
            return null;
        }
        return new FailureAnalysis(
                describe(rootFailure, cause, name), "Fix the setting(s) named above and start again.", cause);
    }

    private static String describe(Throwable rootFailure, BindException cause, String name) {
        if (cause.getCause() instanceof BindValidationException validation) {
            Class<?> target = cause.getTarget().getType().resolve();
            return validation.getValidationErrors().getAllErrors().stream()
                    .map(error -> describe(name, target, error))
                    .collect(Collectors.joining("\n  ", "Invalid pipeline settings:\n  ", ""));
        }
        String property =
                cause.getProperty() != null ? cause.getProperty().getName().toString() : name;
        Object value = cause.getProperty() != null ? cause.getProperty().getValue() : null;
        return "Invalid pipeline setting " + SettingNames.describe(property) + " = \"" + shown(property, value) + "\": "
                + conversionProblem(cause, rootFailure);
    }

    private static String describe(String group, Class<?> target, ObjectError error) {
        if (!(error instanceof FieldError field)) {
            return group + ": " + error.getDefaultMessage();
        }
        String path = SettingNames.boundPath(target, field.getField());
        int lastDot = path.lastIndexOf('.');
        String leaf = path.substring(lastDot + 1);
        String parent = lastDot < 0 ? group : group + "." + kebab(path.substring(0, lastDot));
        if (leaf.endsWith(VALID_SUFFIX) && leaf.length() > VALID_SUFFIX.length()) {
            String property = parent + "." + kebab(leaf.substring(0, leaf.length() - VALID_SUFFIX.length()));
            return SettingNames.describe(property) + ": " + field.getDefaultMessage();
        }
        if (field.getRejectedValue() instanceof Boolean) {
            return parent + ": " + field.getDefaultMessage();
        }
        String property = parent + "." + kebab(leaf);
        return SettingNames.describe(property) + " = \"" + shown(property, field.getRejectedValue()) + "\": "
                + field.getDefaultMessage();
    }

    private static String conversionProblem(BindException cause, Throwable rootFailure) {
        Class<?> type = cause.getTarget().getType().resolve();
        if (type != null && type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        Throwable deepest = rootFailure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return "cannot be read as " + (type != null ? type.getSimpleName() : "the expected type") + " ("
                + deepest.getMessage() + ")";
    }

    /** Never prints a secret. */
    private static Object shown(String property, Object value) {
        String lower = property.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("api-key") || lower.contains("apikey") ? "(hidden)" : value;
    }

    /** {@code fb.staleAfterSec} -> {@code fb.stale-after-sec}, as the properties are written. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}

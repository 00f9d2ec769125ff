package io.marketflow.store.system;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.FieldError;

/**
 * Turns a rejected setting into a start-up message that names the environment variable, its value and the
 * rule it broke, e.g. {@code MDS_RETRY_MAX_ATTEMPTS (mds.retry.max-attempts) = "0": must be greater than or
 * equal to 1}.
 */
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.startsWith("mds")) {
            return null;
        }
        String description;
        if (cause.getCause() instanceof BindValidationException validation) {
            description = validation.getValidationErrors().getAllErrors().stream()
                    .map(error -> error instanceof FieldError field
                            ? SettingNames.describe(name + "." + kebab(field.getField())) + " = \""
                                    + field.getRejectedValue() + "\": " + field.getDefaultMessage()
                            : error.getDefaultMessage())
                    .collect(Collectors.joining("\n  ", "Invalid store settings:\n  ", ""));
        } else {
            String property =
                    cause.getProperty() != null ? cause.getProperty().getName().toString() : name;
            Throwable reason = cause;
            while (reason.getCause() != null) {
                reason = reason.getCause();
            }
            description = "Invalid store setting " + SettingNames.describe(property) + ": " + reason.getMessage();
        }
        return new FailureAnalysis(description, "Fix the setting(s) named above and start again.", cause);
    }

    /** {@code coordinator.batchSize} -> {@code coordinator.batch-size}, as the properties are written. */
    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}

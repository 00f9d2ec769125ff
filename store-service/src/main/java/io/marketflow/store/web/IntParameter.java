package io.marketflow.store.web;

/** An optional integer query parameter, read as text so that a bad value can be reported by the parameter's name. */
public final class IntParameter {

    private IntParameter() {}

    /**
     * {@code value} as an integer from 1 to {@code max}; {@code fallback} when it is absent or empty; {@code null}
     * when it is not such an integer, for the caller to report naming the parameter.
     */
    public static Integer oneTo(int max, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed >= 1 && parsed <= max ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.marketflow.store.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One broken item or parameter: {@code index} is the item's 0-based position in the request (absent for
 * parameters), {@code field} the JSON field or parameter name (absent when the item as a whole is wrong).
 * Plain data, so parsers can collect these without depending on the web layer that renders them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String message) {

    /** At most this many go into a problem's {@code errors}; {@code error_count} still says how many there were. */
    public static final int MAX_REPORTED = 100;

    public FieldError {
        field = field == null || field.isEmpty() ? null : field;
    }
}

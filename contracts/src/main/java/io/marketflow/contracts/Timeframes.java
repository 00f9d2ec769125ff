package io.marketflow.contracts;

import java.util.List;

/** The bar timeframes the system stores; anything else is rejected at the edge. */
public final class Timeframes {

    public static final List<String> ALL = List.of("1s", "5s", "1m", "5m", "15m", "1h", "1d");

    /** Regular expression form of {@link #ALL}, for Bean Validation's {@code @Pattern}. */
    public static final String PATTERN = "1s|5s|1m|5m|15m|1h|1d";

    /** Symbols: 1..32 characters of letters, digits and {@code . _ : / -}. */
    public static final String SYMBOL_PATTERN = "[A-Za-z0-9._:/-]{1,32}";

    /** What a caller is told when a symbol does not match {@link #SYMBOL_PATTERN}. */
    public static final String SYMBOL_MESSAGE = "must be 1..32 characters of A-Z a-z 0-9 . _ : / -";

    private Timeframes() {}
}

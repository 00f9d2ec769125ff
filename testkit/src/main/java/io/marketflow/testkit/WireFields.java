package io.marketflow.testkit;

import java.util.List;

/**
 * The JSON field names of the contract's wire types (CONTRACT.md), as a client sees them: what the wire types'
 * own tests and the OpenAPI document's tests both expect. Strings, so the kit needs no dependency on the types.
 */
public final class WireFields {

    /** Every field of a bar, the optional ones ({@code vwap}, {@code trade_count}, {@code provider}) last. */
    public static final List<String> BAR = List.of(
            "symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "vwap", "trade_count", "provider");

    private WireFields() {}
}

package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;

/**
 * The annotated rules of {@link Bar}, written out by hand so that the common case, a valid bar, costs a few
 * comparisons instead of a pass of Bean Validation (which dominated the ingest path's allocation). It only
 * answers yes or no: a bar it refuses goes through the {@code Validator}, which explains what is wrong in
 * exactly the words it always used. {@code BarCheckTests} holds it to the annotations over generated bars.
 *
 * <p>The numbers follow Hibernate Validator to the bit: {@code @Positive} and {@code @PositiveOrZero} compare
 * with {@link Double#compare}, so {@code -0.0} is below zero.
 */
final class BarCheck {

    private static final int MAX_SYMBOL = 32;
    private static final int MAX_PROVIDER = 64;

    private BarCheck() {}

    /** Whether Bean Validation would find nothing wrong with {@code bar}. */
    static boolean passes(Bar bar) {
        return symbol(bar.symbol())
                && timeframe(bar.timeframe())
                && bar.ts() != null
                && price(bar.open())
                && price(bar.high())
                && price(bar.low())
                && price(bar.close())
                && bar.volume() != null
                && finiteAtLeastZero(bar.volume())
                && (bar.vwap() == null || price(bar.vwap()))
                && (bar.tradeCount() == null || bar.tradeCount() >= 0)
                && (bar.provider() == null || bar.provider().length() <= MAX_PROVIDER)
                // All four prices are finite here, so plain comparisons are the {@code isLowValid} and
                // {@code isHighValid} rules.
                && bar.low() <= bar.open()
                && bar.low() <= bar.close()
                && bar.open() <= bar.high()
                && bar.close() <= bar.high();
    }

    /** {@code Timeframes.SYMBOL_PATTERN}: 1..32 of {@code A-Z a-z 0-9 . _ : / -}. */
    private static boolean symbol(String symbol) {
        if (symbol == null || symbol.isEmpty() || symbol.length() > MAX_SYMBOL) {
            return false;
        }
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '/'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** {@code Timeframes.PATTERN}. */
    private static boolean timeframe(String timeframe) {
        if (timeframe == null) {
            return false;
        }
        return switch (timeframe) {
            case "1s", "5s", "1m", "5m", "15m", "1h", "1d" -> true;
            default -> false;
        };
    }

    /** {@code @NotNull @Positive @Finite}. */
    private static boolean price(Double value) {
        return value != null && Double.isFinite(value) && Double.compare(value, 0.0) > 0;
    }

    /** {@code @PositiveOrZero @Finite} of a present value. */
    private static boolean finiteAtLeastZero(double value) {
        return Double.isFinite(value) && Double.compare(value, 0.0) >= 0;
    }
}

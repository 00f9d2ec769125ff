package io.marketflow.store.journal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes a timestamp and a number exactly as {@link Instant#toString()} and {@link Double#toString(double)}
 * (hence Jackson) write them, without their formatter machinery, which was most of the admission thread's time
 * per bar: ISO instants of the years 1970–9999 and decimals of at most six fraction digits between 0.001 and
 * 10^7 (prices and volumes); anything else goes through the JDK's own method. {@code JsonTextTests} compares both
 * ways over generated values; a number is in any case only written this way when it reads back as the same double.
 */
final class JsonText {

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /** 10000-01-01T00:00:00Z: from there on ISO_INSTANT writes a sign and five digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private JsonText() {}

    static StringBuilder appendInstant(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return out.append(instant);
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        digits(out, date.getYear(), 4).append('-');
        digits(out, date.getMonthValue(), 2).append('-');
        digits(out, date.getDayOfMonth(), 2).append('T');
        digits(out, secondOfDay / 3600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append('Z');
    }

    static StringBuilder appendDouble(StringBuilder out, double value) {
        double abs = Math.abs(value);
        if (abs >= 1e-3 && abs < 1e7) {
            for (int k = 0; k < POWERS_OF_TEN.length; k++) {
                long power = POWERS_OF_TEN[k];
                long scaled = Math.round(abs * power);
                // scaled / 10^k is exact arithmetic rounded once: equal means value is that decimal's double.
                if (scaled / (double) power == abs) {
                    if (value < 0) {
                        out.append('-');
                    }
                    out.append(scaled / power).append('.');
                    return k == 0 ? out.append('0') : digits(out, scaled % power, k);
                }
            }
        }
        return out.append(value);
    }

    /** {@code value} (≥ 0) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder out, long value, int width) {
        for (long bound = 10; width > 1; width--, bound *= 10) {
            if (value < bound) {
                out.append('0');
            }
        }
        return out.append(value);
    }
}

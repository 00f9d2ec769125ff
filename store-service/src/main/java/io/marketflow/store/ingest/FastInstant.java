package io.marketflow.store.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Parses the one timestamp shape producers actually send, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with a
 * year from 0001 to 9999, without {@code DateTimeFormatter}, which cost a tenth of the store's ingest CPU
 * (bench/results/ingest-findings.md). Returns {@code null} for anything else, including invalid dates, so the
 * caller falls back to {@code OffsetDateTime.parse} and reports exactly what it always did. One parser for the
 * bytes of a body ({@link BarFields}) and for a string Jackson has read ({@link StrictTemporals}).
 */
final class FastInstant {

    private static final int[] NANO_SCALE = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
    };
    private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    private static final int[] MONTH_LENGTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private FastInstant() {}

    static Instant parse(String s) {
        // ISO-8859-1 keeps one byte a char; any char outside ASCII becomes a byte no check below accepts.
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return parse(b, 0, b.length);
    }

    /** The timestamp in {@code b[from, to)}, without its quotes, or null. */
    static Instant parse(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20
                || b[from + 4] != '-'
                || b[from + 7] != '-'
                || b[from + 10] != 'T'
                || b[from + 13] != ':'
                || b[from + 16] != ':') {
            return null;
        }
        int year = digits(b, from, from + 4);
        int month = digits(b, from + 5, from + 7);
        int day = digits(b, from + 8, from + 10);
        int hour = digits(b, from + 11, from + 13);
        int minute = digits(b, from + 14, from + 16);
        int second = digits(b, from + 17, from + 19);
        if ((year | month | day | hour | minute | second) < 0
                || year < 1
                || month < 1
                || month > 12
                || day < 1
                || day > monthLength(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        int i = from + 19;
        int nano = 0;
        if (b[i] == '.') {
            int start = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            int length = i - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nano = digits(b, start, i) * NANO_SCALE[9 - length];
        }
        if (i >= to) {
            return null;
        }
        int offsetSeconds;
        byte sign = b[i];
        if (sign == 'Z' && i == to - 1) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && to - i == 6 && b[i + 3] == ':') {
            int offsetHours = digits(b, i + 1, i + 3);
            int offsetMinutes = digits(b, i + 4, i + 6);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 18 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > 18 * 3600) {
                return null; // ZoneOffset's limit
            }
            if (sign == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int monthLength(int year, int month) {
        return month == 2 && leap(year) ? 29 : MONTH_LENGTH[month - 1];
    }

    /** Days from 1970-01-01 to the given date of the proleptic Gregorian calendar (year >= 1). */
    private static long epochDay(int year, int month, int day) {
        long y = year - 1L; // whole years before this one, from year 0001
        long days = 365 * y + y / 4 - y / 100 + y / 400 + DAYS_BEFORE_MONTH[month - 1] + (day - 1);
        if (month > 2 && leap(year)) {
            days++;
        }
        return days - 719_162; // days from 0001-01-01 to 1970-01-01
    }

    private static int digits(byte[] b, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.marketflow.contracts.Bar;
import io.marketflow.store.ingest.IngestBodyReader.Format;
import io.marketflow.store.reliability.HostileBarBodies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading bars straight from the bytes ({@link BarBytesReader}) must change nothing a client can see: for every
 * body, split into chunks anywhere, the store's reader must return the same bars, or refuse with the same status,
 * detail and field errors, as reading every item through Jackson and Bean Validation. Checked over seeded
 * generated bodies (valid bars written in every way JSON allows, and bars broken in every way the contract and
 * the parser care about) and over every bar body of the hostile-input corpus.
 */
class BarBytesReaderTests {

    private static final JsonMapper MAPPER = IngestJson.mapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private static final ItemBinder<Bar> BINDER = new ItemBinder<>(
            Bar.class,
            MAPPER.reader(),
            IngestBodyReaderTests.VALIDATOR,
            FutureLimit.of(Bar.class, Duration.ofDays(1), CLOCK));

    @Test
    void agreesWithJacksonOnGeneratedBodies() {
        int fromBytes = 0;
        int accepted = 0;
        int refused = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            BodyGenerator generator = new BodyGenerator(random);
            for (int n = 0; n < 2_500; n++) {
                boolean ndjson = random.nextBoolean();
                byte[] body = generator.body(ndjson).getBytes(StandardCharsets.UTF_8);
                IngestLimits limits = random.nextInt(10) == 0
                        ? new IngestLimits(
                                Math.max(1, body.length + random.nextInt(50) - 25), 1 + random.nextInt(4), 100)
                        : IngestBodyReaderTests.ROOMY;
                List<byte[]> chunks = chunks(body, random);
                String expected = outcome(ndjson, limits, chunks, false);
                String actual = outcome(ndjson, limits, chunks, true);
                if (!expected.equals(actual)) {
                    fail("seed %d, body %d (%s):%n%s%nthrough Jackson: %s%nfrom the bytes:  %s"
                            .formatted(
                                    seed,
                                    n,
                                    ndjson ? "NDJSON" : "JSON",
                                    new String(body, StandardCharsets.UTF_8),
                                    expected,
                                    actual));
                }
                if (expected.startsWith("bars")) {
                    accepted++;
                } else {
                    refused++;
                }
                if (readsFromBytes(ndjson, limits, chunks)) {
                    fromBytes++;
                }
            }
        }
        assertThat(accepted).as("bodies accepted").isGreaterThan(2_000);
        assertThat(refused).as("bodies refused").isGreaterThan(3_000);
        assertThat(fromBytes).as("bodies read from the bytes alone").isGreaterThan(1_000);
    }

    @Test
    void agreesWithJacksonOnTheHostileCorpus() {
        Random random = new Random(42);
        int compared = 0;
        for (HostileBarBodies.Body body : HostileBarBodies.all()) {
            for (List<byte[]> chunks : List.of(List.of(body.bytes()), chunks(body.bytes(), random))) {
                assertThat(outcome(body.ndjson(), IngestBodyReaderTests.ROOMY, chunks, true))
                        .as(body.name())
                        .isEqualTo(outcome(body.ndjson(), IngestBodyReaderTests.ROOMY, chunks, false));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void readsTheLoadGeneratorsBodiesWithoutJackson() {
        for (boolean ndjson : List.of(false, true)) {
            byte[] body = BarReadingBenchmark.body(ndjson);
            assertThat(readsFromBytes(ndjson, IngestBodyReaderTests.ROOMY, List.of(body)))
                    .as(ndjson ? "NDJSON" : "JSON")
                    .isTrue();
            assertThat(outcome(ndjson, IngestBodyReaderTests.ROOMY, chunks(body, new Random(7)), true))
                    .isEqualTo(outcome(ndjson, IngestBodyReaderTests.ROOMY, List.of(body), false));
        }
    }

    private static boolean readsFromBytes(boolean ndjson, IngestLimits limits, List<byte[]> chunks) {
        BarBytesReader reader = new BarBytesReader(ndjson, BINDER::passesQuickly, limits.itemLimit());
        for (byte[] chunk : chunks) {
            if (!reader.feed(chunk, 0, chunk.length)) {
                return false;
            }
        }
        return reader.finish() != null;
    }

    /** The bars read, or the refusal as the client sees it. */
    private static String outcome(boolean ndjson, IngestLimits limits, List<byte[]> chunks, boolean fromBytes) {
        IngestBodyReader<Bar> reader =
                new IngestBodyReader<>(MAPPER, BINDER, ndjson ? Format.NDJSON : Format.JSON_ARRAY, limits, fromBytes);
        try {
            for (byte[] chunk : chunks) {
                reader.feed(chunk, 0, chunk.length);
            }
            return "bars " + reader.finish();
        } catch (IngestRejection rejection) {
            // Everything the problem+json answer is built from (KindIngest maps it one to one).
            return "problem " + rejection.reason() + " " + rejection.getMessage() + " " + rejection.errors() + " "
                    + rejection.errorCount();
        }
    }

    private static List<byte[]> chunks(byte[] body, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < body.length) {
            int size = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(Math.max(1, body.length));
            int end = Math.min(body.length, at + size);
            byte[] chunk = new byte[end - at];
            System.arraycopy(body, at, chunk, 0, chunk.length);
            chunks.add(chunk);
            at = end;
        }
        return chunks;
    }

    /** Bodies of a few bars: mostly valid, written with JSON's freedoms, and sometimes broken. */
    private static final class BodyGenerator {

        private static final List<String> SYMBOLS =
                List.of("\"AAPL\"", "\"BRK.B\"", "\"ES:CME/H6-1_x\"", "\"" + "A".repeat(32) + "\"");
        private static final List<String> ODD_SYMBOLS = List.of(
                "\"\"",
                "\"" + "A".repeat(33) + "\"",
                "\"AA\\u0000PL\"",
                "\"\\u0041APL\"",
                "\"A\\ud800\"",
                "\"x'); DROP TABLE bars; --\"",
                "\"AAPL \"",
                "\"\u00c4PPL\"",
                "\"A\tB\"",
                "42",
                "null",
                "true",
                "[\"AAPL\"]",
                "{\"s\":1}");
        private static final List<String> TIMEFRAMES =
                List.of("\"1s\"", "\"5s\"", "\"1m\"", "\"5m\"", "\"15m\"", "\"1h\"", "\"1d\"");
        private static final List<String> ODD_TIMEFRAMES =
                List.of("\"1M\"", "\"2m\"", "\"1m \"", "\"\"", "\"15\"", "\"1\"", "1", "null", "\"\\u0031m\"");
        private static final List<String> ODD_TIMESTAMPS = List.of(
                "\"2025-02-30T10:00:00Z\"",
                "\"2024-02-29T10:00:00Z\"",
                "\"2025-02-29T10:00:00Z\"",
                "\"0000-12-31T23:00:00-05:00\"",
                "\"0001-01-01T00:00:00+01:00\"",
                "\"0001-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59-05:00\"",
                "\"9999-12-31T23:59:59Z\"",
                "\"2025-10-15t14:30:00Z\"",
                "\" 2025-10-15T14:30:00Z\"",
                "\"2025-10-15T14:30:00Z \"",
                "\"2025-10-15T14:30:00+18:30\"",
                "\"2025-10-15T14:30:00+18:00\"",
                "\"2025-10-15T14:30:00-18:00\"",
                "\"2025-10-15T14:30:00+05:60\"",
                "\"2025-10-15T14:30:00+0530\"",
                "\"2025-10-15T14:30:00\"",
                "\"2025-10-15T14:30Z\"",
                "\"2025-10-15T24:00:00Z\"",
                "\"2025-10-15T23:59:60Z\"",
                "\"2025-10-15T14:30:00.Z\"",
                "\"2025-10-15T14:30:00.1234567891Z\"",
                "\"2025-10-15 14:30:00Z\"",
                "\"2025-13-15T14:30:00Z\"",
                "\"2025-00-15T14:30:00Z\"",
                "\"2025-10-00T14:30:00Z\"",
                "\"+2025-10-15T14:30:00Z\"",
                "\"2026-12-03T12:00:00Z\"",
                "\"2026-12-03T12:00:01Z\"",
                "\"2026-12-04T12:00:00+05:00\"",
                "\"2025-10-15T14:30:00\\u005a\"",
                "1760538600",
                "null",
                "\"\"");
        private static final List<String> ODD_NUMBERS = List.of(
                "0",
                "-0",
                "-0.0",
                "0.0",
                "-5",
                "-5.5",
                "1e400",
                "-1e400",
                "1e-400",
                "4.9e-324",
                "1.7976931348623157e308",
                "0190",
                "1.",
                ".5",
                "+1",
                "1.5e",
                "1e+",
                "--1",
                "1.2.3",
                "0x10",
                "\"190\"",
                "null",
                "true",
                "NaN",
                "Infinity",
                "1_000",
                "[1]",
                "{}",
                "123456789012345678901234567890",
                "1" + "0".repeat(30) + ".5");
        private static final List<String> ODD_COUNTS = List.of(
                "-1",
                "-0",
                "0",
                "5.0",
                "5e2",
                "9223372036854775807",
                "9223372036854775808",
                "99999999999999999999",
                "\"5\"",
                "true",
                "01",
                "-9223372036854775808");
        private static final List<String> ODD_PROVIDERS = List.of(
                "\"\"",
                "\"" + "p".repeat(64) + "\"",
                "\"" + "p".repeat(65) + "\"",
                "\"caf\u00e9\"",
                "\"a\\nb\"",
                "\"a\\u0000b\"",
                "1",
                "true");

        private final Random random;
        private int minute;
        private boolean clean;

        BodyGenerator(Random random) {
            this.random = random;
        }

        String body(boolean ndjson) {
            clean = random.nextInt(3) == 0; // a third of the bodies hold only valid bars
            int items = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(5);
            StringBuilder out = new StringBuilder();
            if (ndjson) {
                for (int i = 0; i < items; i++) {
                    if (random.nextInt(8) == 0) {
                        out.append(pick(List.of("\n", "  \n", "\r\n", "\t\n")));
                    }
                    // A newline inside an item ends its line: NDJSON's framing reads two broken items there.
                    out.append(item(odd(10)));
                    if (i < items - 1 || random.nextBoolean()) {
                        out.append(pick(List.of("\n", "\n", "\r\n", " \n")));
                    }
                }
                if (odd(30)) {
                    out.append(pick(List.of("x", "[", "{\"symbol\":\"A\"")));
                }
                return out.toString();
            }
            out.append(space()).append('[').append(space());
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    out.append(space()).append(',').append(space());
                }
                out.append(item(true));
            }
            if (odd(30)) {
                out.append(pick(List.of(",", ",]", "}", "1", "null")));
            }
            out.append(space());
            if (!odd(40)) {
                out.append(']');
            }
            out.append(space());
            if (odd(40)) {
                out.append(pick(List.of("[]", "x", ",")));
            }
            return out.toString();
        }

        private String item(boolean newlines) {
            double low = 1 + random.nextInt(50_000) / 100.0;
            double open = low + random.nextInt(500) / 100.0;
            double close = low + random.nextInt(500) / 100.0;
            double high = Math.max(open, close) + (random.nextBoolean() ? 0 : random.nextInt(500) / 100.0);
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {"symbol", odd(8) ? pick(ODD_SYMBOLS) : pick(SYMBOLS)});
            fields.add(new String[] {"timeframe", odd(10) ? pick(ODD_TIMEFRAMES) : pick(TIMEFRAMES)});
            fields.add(new String[] {"ts", odd(6) ? pick(ODD_TIMESTAMPS) : timestamp()});
            fields.add(new String[] {"open", price(open)});
            fields.add(new String[] {"high", price(high)});
            fields.add(new String[] {"low", price(low)});
            fields.add(new String[] {"close", price(close)});
            fields.add(new String[] {"volume", odd(12) ? pick(ODD_NUMBERS) : number(random.nextInt(1_000_000))});
            if (random.nextInt(3) == 0) {
                fields.add(new String[] {"vwap", odd(6) ? pick(ODD_NUMBERS) : price((low + high) / 2)});
            }
            if (random.nextInt(3) == 0) {
                fields.add(
                        new String[] {"trade_count", odd(5) ? pick(ODD_COUNTS) : Integer.toString(random.nextInt(99))});
            }
            if (random.nextInt(3) == 0) {
                fields.add(new String[] {"provider", odd(5) ? pick(ODD_PROVIDERS) : "\"ibkr\""});
            }
            for (String optional : List.of("vwap", "trade_count", "provider")) {
                if (random.nextInt(12) == 0) {
                    fields.add(new String[] {optional, "null"});
                }
            }
            if (odd(15)) {
                fields.remove(random.nextInt(fields.size())); // a missing field
            }
            if (odd(15)) {
                fields.add(fields.get(random.nextInt(fields.size()))); // a repeated one
            }
            if (odd(15)) {
                fields.add(new String[] {pick(List.of("note", "Symbol", "sym\\u0062ol", "extra")), pick(ODD_NUMBERS)});
            }
            if (random.nextBoolean()) {
                java.util.Collections.shuffle(fields, random);
            }
            StringBuilder out = new StringBuilder("{").append(space(newlines));
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(space(newlines)).append(',').append(space(newlines));
                }
                out.append('"')
                        .append(fields.get(i)[0])
                        .append('"')
                        .append(space(newlines))
                        .append(':')
                        .append(space(newlines))
                        .append(fields.get(i)[1]);
            }
            if (odd(60)) {
                out.append(pick(List.of(",", " 1", "\"x\"")));
            }
            return out.append(space(newlines)).append('}').toString();
        }

        private String timestamp() {
            Instant ts = Instant.parse("2025-10-15T14:30:00Z").plusSeconds(60L * minute++);
            String text = ts.toString();
            return switch (random.nextInt(6)) {
                case 0 -> "\"" + text.replace("Z", ".5Z") + "\"";
                case 1 -> "\"" + text.replace("Z", "." + "123456789".substring(0, 1 + random.nextInt(9)) + "Z") + "\"";
                case 2 -> "\"" + ts.atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toLocalDateTime() + "+05:30\"";
                case 3 -> "\"" + ts.atOffset(ZoneOffset.ofHours(-8)).toLocalDateTime() + ":00-08:00\"";
                default -> "\"" + text + "\"";
            };
        }

        private String price(double value) {
            if (odd(15)) {
                return pick(ODD_NUMBERS);
            }
            return number(value);
        }

        /** The value written as an integer, a decimal, with an exponent, or with too many digits. */
        private String number(double value) {
            return switch (random.nextInt(7)) {
                case 0 -> value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
                case 1 -> String.format(java.util.Locale.ROOT, "%.2fE0", value);
                case 2 -> String.format(java.util.Locale.ROOT, "%.3e", value);
                case 3 -> new java.math.BigDecimal(value).toPlainString(); // every digit of the double
                case 4 -> String.format(java.util.Locale.ROOT, "%.4f", value);
                default -> Double.toString(value);
            };
        }

        private String space() {
            return space(true);
        }

        private String space(boolean newlines) {
            return switch (random.nextInt(10)) {
                case 0 -> " ";
                case 1 -> newlines ? "\n  " : "\t";
                case 2 -> newlines ? "\r\n" : " \r";
                default -> "";
            };
        }

        private boolean odd(int oneIn) {
            return !clean && random.nextInt(oneIn) == 0;
        }

        private <V> V pick(List<V> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}

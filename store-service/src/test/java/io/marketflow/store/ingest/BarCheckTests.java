package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.marketflow.contracts.Bar;
import io.marketflow.store.reliability.HostileBarBodies;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link BarCheck} must accept exactly the bars that {@code Bar}'s annotations accept: a bar it wrongly passed
 * would be stored unchecked, one it wrongly refused would only cost a trip through the Validator (but would
 * still show it has drifted from the rules). Checked over seeded generated bars and over every bar the
 * hostile-input corpus can be made to yield.
 */
class BarCheckTests {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();
    private static final JsonMapper STRICT = IngestJson.mapper();
    // Binds what the strict reader refuses (NaN literals, NUL in a symbol, 500-digit numbers), so that the
    // values the parser normally stops still reach both checks.
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @Test
    void agreesWithTheAnnotationsOnGeneratedBars() {
        int accepted = 0;
        int refused = 0;
        for (long seed = 1; seed <= 5; seed++) {
            BarGenerator generator = new BarGenerator(new Random(seed));
            for (int i = 0; i < 20_000; i++) {
                Bar bar = generator.next();
                var violations = VALIDATOR.validate(bar);
                boolean valid = violations.isEmpty();
                if (BarCheck.passes(bar) != valid) {
                    fail("seed %d, bar %d: Bean Validation says %s, the hand check the opposite: %s"
                            .formatted(seed, i, valid ? "valid" : violations, bar));
                }
                if (valid) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(accepted).as("valid bars generated").isGreaterThan(20_000);
        assertThat(refused).as("invalid bars generated").isGreaterThan(20_000);
    }

    @Test
    void agreesWithTheAnnotationsOnEveryBarOfTheHostileCorpus() {
        List<String> compared = new ArrayList<>();
        for (HostileBarBodies.Body body : HostileBarBodies.all()) {
            for (String item : items(body)) {
                Bar bar = bind(item);
                if (bar != null) {
                    assertThat(BarCheck.passes(bar))
                            .as("%s: %s", body.name(), bar)
                            .isEqualTo(VALIDATOR.validate(bar).isEmpty());
                    compared.add(body.name());
                }
            }
        }
        assertThat(compared)
                .contains(
                        "negative price",
                        "high below low",
                        "empty symbol",
                        "33-character symbol",
                        "NUL in a symbol",
                        "reversed surrogate pair in a symbol",
                        "SQL in a symbol",
                        "NaN literal",
                        "Infinity literal",
                        "-Infinity literal",
                        "1e400",
                        "500-digit number",
                        "JSON array with a bad item at the end",
                        "NDJSON with a bad line in the middle");
    }

    @Test
    void aValidBarNeverReachesTheValidatorAndAnInvalidOneDoes() {
        AtomicInteger validations = new AtomicInteger();
        Validator counting = (Validator) Proxy.newProxyInstance(
                Validator.class.getClassLoader(), new Class<?>[] {Validator.class}, (proxy, method, args) -> {
                    validations.incrementAndGet();
                    return method.invoke(VALIDATOR, args);
                });
        ItemBinder<Bar> binder = new ItemBinder<>(Bar.class, STRICT.reader(), counting);

        assertThat(bindWith(binder, IngestBodyReaderTests.validBar(0)).errors()).isEmpty();
        assertThat(validations).hasValue(0);

        var refused = bindWith(binder, IngestBodyReaderTests.bar("AAPL", "2025-10-15T14:30:00Z", 190, 188, 189, 191.5));
        assertThat(refused.errors())
                .extracting(e -> e.field() + ": " + e.message())
                .containsExactly("high: must be >= max(open, close)");
        assertThat(validations).hasValue(1);
    }

    private static ItemBinder.Bound<Bar> bindWith(ItemBinder<Bar> binder, String json) {
        try (var parser = STRICT.createParser(json)) {
            return binder.bind(0, parser);
        }
    }

    /** The body's items as JSON text: array elements, the object itself, or NDJSON lines. */
    private static List<String> items(HostileBarBodies.Body body) {
        String text = new String(body.bytes(), StandardCharsets.UTF_8);
        List<String> items = new ArrayList<>();
        List<String> documents = body.ndjson() ? List.of(text.split("\n")) : List.of(text);
        for (String document : documents) {
            JsonNode node;
            try {
                node = LENIENT.readTree(document);
            } catch (JacksonException e) {
                continue;
            }
            if (node != null && node.isArray()) {
                node.forEach(element -> items.add(element.toString()));
            } else if (node != null && node.isObject()) {
                items.add(node.toString());
            }
        }
        return items;
    }

    /** The item as the store binds it, or as a lenient reader does when the store's reader refuses it. */
    private static Bar bind(String item) {
        for (JsonMapper mapper : List.of(STRICT, LENIENT)) {
            try {
                return mapper.readValue(item, Bar.class);
            } catch (JacksonException e) {
                // try the next reader
            }
        }
        return null;
    }

    /**
     * Bars that are valid, then with up to three fields replaced by edge values: the boundaries of each rule
     * (zero and minus zero, 32 and 33 characters, a high one ulp below the close) and values no parser lets
     * through but a {@code Bar} can hold (NaN, infinities, NUL, lone surrogates).
     */
    private static final class BarGenerator {

        private static final String SYMBOL_CHARS =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-";
        private static final List<String> TIMEFRAMES = List.of("1s", "5s", "1m", "5m", "15m", "1h", "1d");
        private static final List<String> ODD_SYMBOLS = List.of(
                "",
                "A".repeat(32),
                "A".repeat(33),
                "AA\u0000PL",
                "A\udc00\ud83dB",
                "A\ud83d\ude00",
                "x'); DROP TABLE bars; --",
                "AAPL ",
                " AAPL",
                "\u00c4PPL",
                "AAPL\n",
                "BRK.B",
                "ES:CME/H6-1_x",
                "a+b",
                "\uff21");
        private static final List<String> ODD_TIMEFRAMES =
                List.of("", "1M", "1H", "2m", "1m ", " 1m", "1w", "1s|5s", "15", "m", "1m\n", "\u0661m");
        private static final List<Double> ODD_NUMBERS = List.of(
                0.0,
                -0.0,
                -5.0,
                -Double.MIN_VALUE,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                1e-300,
                1e300);
        private static final List<Long> ODD_COUNTS = List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE);
        private static final int FIELDS = 11;

        private final Random random;

        BarGenerator(Random random) {
            this.random = random;
        }

        Bar next() {
            String symbol = validSymbol();
            String timeframe = TIMEFRAMES.get(random.nextInt(TIMEFRAMES.size()));
            Instant ts = Instant.ofEpochSecond(1_500_000_000L + random.nextInt(400_000_000));
            double low = 0.01 + random.nextDouble() * 500;
            double open = low + random.nextDouble() * 10;
            double close = low + random.nextDouble() * 10;
            double high = Math.max(open, close) + (random.nextBoolean() ? 0 : random.nextDouble() * 10);
            Double openValue = open;
            Double highValue = high;
            Double lowValue = random.nextInt(4) == 0 ? Math.min(open, close) : low;
            Double closeValue = close;
            Double volume = random.nextBoolean() ? 0.0 : Math.floor(random.nextDouble() * 1e6);
            Double vwap = random.nextBoolean() ? null : low + random.nextDouble();
            Long tradeCount = random.nextBoolean() ? null : (long) random.nextInt(10_000);
            String provider = random.nextBoolean() ? null : "ibkr";

            int mutations = random.nextInt(5) < 2 ? 0 : 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(FIELDS)) {
                    case 0 -> symbol = random.nextInt(8) == 0 ? null : pick(ODD_SYMBOLS);
                    case 1 -> timeframe = random.nextInt(8) == 0 ? null : pick(ODD_TIMEFRAMES);
                    case 2 -> ts = null;
                    case 3 -> openValue = oddPrice(openValue, highValue, lowValue);
                    case 4 -> highValue = oddPrice(highValue, highValue, lowValue);
                    case 5 -> lowValue = oddPrice(lowValue, highValue, lowValue);
                    case 6 -> closeValue = oddPrice(closeValue, highValue, lowValue);
                    case 7 -> volume = random.nextInt(8) == 0 ? null : pick(ODD_NUMBERS);
                    case 8 -> vwap = pick(ODD_NUMBERS);
                    case 9 -> tradeCount = pick(ODD_COUNTS);
                    default -> provider = pick(List.of("", "p".repeat(64), "p".repeat(65), "a\u0000b"));
                }
            }
            return new Bar(
                    symbol,
                    timeframe,
                    ts,
                    openValue,
                    highValue,
                    lowValue,
                    closeValue,
                    volume,
                    vwap,
                    tradeCount,
                    provider);
        }

        private String validSymbol() {
            int length = 1 + random.nextInt(32);
            StringBuilder symbol = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                symbol.append(SYMBOL_CHARS.charAt(random.nextInt(SYMBOL_CHARS.length())));
            }
            return symbol.toString();
        }

        /** An edge value, or a finite price just across (or exactly on) the high or the low. */
        private Double oddPrice(Double current, Double high, Double low) {
            return switch (random.nextInt(6)) {
                case 0 -> null;
                case 1, 2 -> pick(ODD_NUMBERS);
                case 3 -> high == null || !Double.isFinite(high) ? current : Double.valueOf(Math.nextUp(high));
                case 4 -> low == null || !Double.isFinite(low) ? current : Double.valueOf(Math.nextDown(low));
                default -> random.nextBoolean() ? high : low;
            };
        }

        private <V> V pick(List<V> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}

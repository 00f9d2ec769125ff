package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.NewsItem;
import io.marketflow.store.ingest.IngestBodyReader.Format;
import io.marketflow.store.web.FieldError;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IngestBodyReaderTests {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    static final JsonMapper MAPPER = IngestJson.mapper();
    static final IngestLimits ROOMY = new IngestLimits(1 << 20, 1000, 1000);

    static String bar(String symbol, String ts, double open, double high, double low, double close) {
        return """
                {"symbol":"%s","timeframe":"1m","ts":"%s","open":%s,"high":%s,"low":%s,"close":%s,"volume":1000}""".formatted(symbol, ts, open, high, low, close);
    }

    static String validBar(int i) {
        return bar(
                "AAPL",
                Instant.parse("2025-10-15T14:30:00Z").plusSeconds(60L * i).toString(),
                190,
                192,
                189,
                191.5);
    }

    static <T> IngestBodyReader<T> reader(Class<T> type, Format format, IngestLimits limits) {
        return new IngestBodyReader<>(MAPPER, new ItemBinder<>(type, MAPPER.reader(), VALIDATOR), format, limits);
    }

    static List<Bar> readAll(Format format, String body) {
        IngestBodyReader<Bar> reader = reader(Bar.class, format, ROOMY);
        reader.feed(body.getBytes(StandardCharsets.UTF_8));
        return reader.finish();
    }

    static IngestRejection problemOf(Format format, String body) {
        return problemOf(format, body, ROOMY);
    }

    static IngestRejection problemOf(Format format, String body, IngestLimits limits) {
        IngestBodyReader<Bar> reader = reader(Bar.class, format, limits);
        try {
            reader.feed(body.getBytes(StandardCharsets.UTF_8));
            reader.finish();
        } catch (IngestRejection problem) {
            return problem;
        }
        throw new AssertionError("expected the body to be refused: " + body);
    }

    static List<FieldError> errors(IngestRejection problem) {
        return problem.errors();
    }

    static Consumer<IngestRejection> status(int status) {
        return problem -> assertThat(problem.status()).isEqualTo(status);
    }

    @Test
    void readsJsonArrayInRequestOrder() {
        List<Bar> bars = readAll(Format.JSON_ARRAY, "[" + validBar(0) + ",\n " + validBar(1) + "]");

        assertThat(bars)
                .extracting(Bar::ts)
                .containsExactly(Instant.parse("2025-10-15T14:30:00Z"), Instant.parse("2025-10-15T14:31:00Z"));
        assertThat(bars.get(0))
                .isEqualTo(Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000));
    }

    @Test
    void readsArrayFedOneByteAtATime() {
        String body = "[" + validBar(0) + "," + validBar(1) + "," + validBar(2) + "]";
        IngestBodyReader<Bar> reader = reader(Bar.class, Format.JSON_ARRAY, ROOMY);
        for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
            reader.feed(new byte[] {b});
        }

        assertThat(reader.finish()).hasSize(3).isEqualTo(readAll(Format.JSON_ARRAY, body));
    }

    @Test
    void readsNdjsonIgnoringBlankLinesAndCarriageReturns() {
        String body = validBar(0) + "\r\n\n   \n" + validBar(1) + "\n" + validBar(2);

        assertThat(readAll(Format.NDJSON, body)).hasSize(3);
    }

    @Test
    void readsNdjsonWithLinesSplitAcrossChunks() {
        byte[] body = (validBar(0) + "\n" + validBar(1) + "\n").getBytes(StandardCharsets.UTF_8);
        IngestBodyReader<Bar> reader = reader(Bar.class, Format.NDJSON, ROOMY);
        for (int i = 0; i < body.length; i += 7) {
            reader.feed(body, i, Math.min(7, body.length - i));
        }

        assertThat(reader.finish()).hasSize(2);
    }

    @Test
    void readsExplicitEmptyArrayAsNoItems() {
        assertThat(readAll(Format.JSON_ARRAY, " [ ] \n")).isEmpty();
    }

    @Test
    void ndjsonBadLineInTheMiddleRefusesTheWholeRequestAndNamesEachBadItem() {
        String body = String.join(
                "\n",
                validBar(0),
                "{\"symbol\": \"AAPL\", ",
                "",
                validBar(2),
                bar("AAPL", "2025-10-15T14:30:00Z", 190, 188, 189, 191.5),
                validBar(4));

        IngestRejection problem = problemOf(Format.NDJSON, body);

        assertThat(problem).satisfies(status(400));
        assertThat(errors(problem)).extracting(FieldError::index).containsOnly(1, 3);
        assertThat(errors(problem))
                .filteredOn(e -> e.index() == 3)
                .extracting(FieldError::field)
                .contains("high");
        assertThat(errors(problem).get(0).message()).startsWith("malformed JSON");
    }

    @Test
    void namesEveryInvalidFieldOfEveryItem() {
        String broken = """
                {"symbol":"AA PL","timeframe":"2m","ts":"2025-10-15T14:30:00Z","open":-1,"high":192,"low":189,"close":191.5,"volume":-5}""";
        IngestRejection problem = problemOf(Format.JSON_ARRAY, "[" + validBar(0) + "," + broken + "]");

        assertThat(problem).satisfies(status(400));
        assertThat(problem.detail()).contains("1 of 2 items is invalid");
        assertThat(errors(problem)).extracting(FieldError::index).containsOnly(1);
        assertThat(errors(problem)).extracting(FieldError::field).contains("symbol", "timeframe", "open", "volume");
    }

    @Test
    void bindingErrorsNameTheFieldAndTheExpectedType() {
        String body = "["
                + validBar(0).replace("\"2025-10-15T14:30:00Z\"", "\"yesterday\"") + ","
                + validBar(1).replace("\"open\":190.0", "\"open\":\"190.0\"") + ","
                + validBar(2).replace("\"volume\":1000", "\"volume\":1000,\"trade_count\":1.5") + ","
                + validBar(3).replace("\"symbol\":\"AAPL\"", "\"symbol\":42") + ","
                + validBar(4).replace("\"ts\":\"2025-10-15T14:34:00Z\"", "\"ts\":\"2025-10-15T14:34:00\"") + "]";

        List<FieldError> errors = errors(problemOf(Format.JSON_ARRAY, body));

        assertThat(errors)
                .extracting(FieldError::index, FieldError::field)
                .containsExactly(
                        tuple(0, "ts"), tuple(1, "open"), tuple(2, "trade_count"), tuple(3, "symbol"), tuple(4, "ts"));
        assertThat(errors.get(0).message()).contains("ISO-8601");
        assertThat(errors.get(1).message()).isEqualTo("must be a number");
        assertThat(errors.get(2).message()).isEqualTo("must be an integer");
        assertThat(errors.get(3).message()).isEqualTo("must be a string");
    }

    @Test
    void elementThatIsNotAnObjectIsAnItemError() {
        List<FieldError> errors = errors(problemOf(Format.JSON_ARRAY, "[" + validBar(0) + ", 42, null, [1]]"));

        assertThat(errors).extracting(FieldError::index).containsExactly(1, 2, 3);
        assertThat(errors).extracting(FieldError::field).containsOnlyNulls();
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).startsWith("must be a JSON object"));
    }

    @Test
    void listElementErrorsCarryTheElementIndex() {
        String news = """
                {"id":"n1","ts":"2025-10-15T14:30:00Z","symbols":["AAPL","bad symbol"],"headline":"h"}""";
        IngestBodyReader<NewsItem> reader = reader(NewsItem.class, Format.JSON_ARRAY, ROOMY);
        reader.feed(("[" + news + "]").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(reader::finish)
                .isInstanceOfSatisfying(
                        IngestRejection.class,
                        p -> assertThat(errors(p)).extracting(FieldError::field).containsExactly("symbols[1]"));
    }

    @Test
    void reportsAtMostOneHundredErrorsButCountsThemAll() {
        String body = IntStream.range(0, 150)
                .mapToObj(i -> validBar(i).replace("\"volume\":1000", "\"volume\":-1"))
                .collect(Collectors.joining(",", "[", "]"));

        IngestRejection problem = problemOf(Format.JSON_ARRAY, body);

        assertThat(errors(problem)).hasSize(100);
        assertThat(problem.errorCount()).isEqualTo(150);
        assertThat(problem.detail()).contains("150 of 150 items are invalid");
    }

    @Test
    void refusesTheBodyAsSoonAsItCrossesTheByteLimit() {
        IngestLimits limits = new IngestLimits(2048, 1000, 1000);
        IngestBodyReader<Bar> reader = reader(Bar.class, Format.NDJSON, limits);
        byte[] line = (validBar(0) + "\n").getBytes(StandardCharsets.UTF_8);
        long fed = 0;
        IngestRejection refused = null;
        while (refused == null) {
            try {
                reader.feed(line);
                fed += line.length;
            } catch (IngestRejection problem) {
                refused = problem;
            }
        }

        assertThat(fed).isLessThanOrEqualTo(2048).isGreaterThan(2048 - line.length);
        assertThat(refused).satisfies(status(413));
        assertThat(refused.detail()).contains("2048 bytes", "MDS_INGEST_MAX_BYTES");
    }

    @Test
    void refusesTheItemPastTheItemLimitWhileReading() {
        IngestBodyReader<Bar> reader = reader(Bar.class, Format.JSON_ARRAY, new IngestLimits(1 << 20, 2, 10));
        reader.feed(("[" + validBar(0) + "," + validBar(1) + ",").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> reader.feed(validBar(2).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(IngestRejection.class, p -> {
                    assertThat(p).satisfies(status(413));
                    assertThat(p.detail()).contains("more than 2 items", "MDS_INGEST_MAX_ITEMS");
                });
    }

    @Test
    void itemLimitIsTheQueueCapacityWhenThatIsSmaller() {
        String body = "[" + validBar(0) + "," + validBar(1) + "," + validBar(2) + "]";

        IngestRejection problem = problemOf(Format.JSON_ARRAY, body, new IngestLimits(1 << 20, 100, 2));

        assertThat(problem).satisfies(status(413));
        assertThat(problem.detail()).contains("more than 2 items", "capacity");
    }

    @Test
    void refusesDeeplyNestedJsonWithoutReadingIt() {
        IngestRejection problem = problemOf(Format.JSON_ARRAY, "[".repeat(100_000));

        assertThat(problem).satisfies(status(400));
        assertThat(problem.detail()).containsIgnoringCase("nesting depth");
    }

    @Test
    void refusesDeeplyNestedFieldInsideAnNdjsonItem() {
        String line = "{\"symbol\":" + "[".repeat(50) + "]".repeat(50) + "}";

        IngestRejection problem = problemOf(Format.NDJSON, line);

        assertThat(problem).satisfies(status(400));
        assertThat(errors(problem))
                .singleElement()
                .satisfies(e -> assertThat(e.index()).isZero());
    }

    @Test
    void refusesNanAndInfinityLiterals() {
        IngestRejection nan = problemOf(Format.JSON_ARRAY, "[" + validBar(0).replace("190.0", "NaN") + "]");
        IngestRejection infinity = problemOf(Format.NDJSON, validBar(0).replace("190.0", "Infinity"));

        assertThat(nan).satisfies(status(400));
        assertThat(nan.detail()).contains("NaN");
        assertThat(errors(infinity))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("malformed JSON"));
    }

    @Test
    void refusesNanSpelledAsStringAndNumbersTooLargeForADouble() {
        String body = "[" + validBar(0).replace("\"open\":190.0", "\"open\":\"NaN\"") + ","
                + validBar(1).replace("\"volume\":1000", "\"volume\":1e400") + "]";

        List<FieldError> errors = errors(problemOf(Format.JSON_ARRAY, body));

        assertThat(errors)
                .extracting(FieldError::index, FieldError::field)
                .contains(tuple(0, "open"), tuple(1, "volume"));
    }

    @Test
    void refusesIntegersOutOfRangeAndOverlongNumbers() {
        String outOfRange = validBar(0)
                .replace("\"volume\":1000", "\"volume\":1000,\"trade_count\":123456789012345678901234567890");
        String overlong = validBar(1).replace("\"volume\":1000", "\"volume\":1" + "0".repeat(5000));

        List<FieldError> rangeErrors = errors(problemOf(Format.NDJSON, outOfRange));
        IngestRejection overlongProblem = problemOf(Format.JSON_ARRAY, "[" + overlong + "]");

        assertThat(rangeErrors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("trade_count");
            assertThat(e.message()).contains("integer");
        });
        assertThat(overlongProblem).satisfies(status(400));
        assertThat(overlongProblem.detail()).containsIgnoringCase("number");
    }

    @Test
    void refusesOverlongStrings() {
        IngestRejection problem = problemOf(Format.JSON_ARRAY, "[{\"symbol\":\"" + "A".repeat(100_000) + "\"}]");

        assertThat(problem).satisfies(status(400));
        assertThat(problem.detail()).containsIgnoringCase("string");
    }

    @Test
    void refusesAnNdjsonLineLongerThanAnyItemCouldBe() {
        IngestLimits limits = new IngestLimits(8 << 20, 1000, 1000);
        byte[] endless = " ".repeat(NdjsonFraming.MAX_LINE_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        IngestBodyReader<Bar> whole = reader(Bar.class, Format.NDJSON, limits);
        IngestBodyReader<Bar> chunked = reader(Bar.class, Format.NDJSON, limits);
        chunked.feed((validBar(0) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> whole.feed(endless))
                .isInstanceOfSatisfying(
                        IngestRejection.class, p -> assertThat(p.detail()).contains("line is longer"));
        assertThatThrownBy(() -> {
                    for (int i = 0; i < endless.length; i += 64 * 1024) {
                        chunked.feed(endless, i, Math.min(64 * 1024, endless.length - i));
                    }
                })
                .isInstanceOfSatisfying(IngestRejection.class, p -> {
                    assertThat(p).satisfies(status(400));
                    assertThat(errors(p))
                            .last()
                            .satisfies(e -> assertThat(e.index()).isEqualTo(1));
                });
    }

    @Test
    void refusesTruncatedBody() {
        String full = "[" + validBar(0) + "," + validBar(1) + "]";

        IngestRejection midItem = problemOf(Format.JSON_ARRAY, full.substring(0, full.length() - 20));
        IngestRejection unclosed = problemOf(Format.JSON_ARRAY, full.substring(0, full.length() - 1));

        assertThat(midItem).satisfies(status(400));
        assertThat(unclosed).satisfies(status(400));
        assertThat(unclosed.detail()).contains("ended before");
    }

    @Test
    void refusesBodiesThatAreNotASingleArray() {
        assertThat(problemOf(Format.JSON_ARRAY, "").detail()).contains("empty");
        assertThat(problemOf(Format.JSON_ARRAY, validBar(0)).detail()).contains("found an object");
        assertThat(problemOf(Format.JSON_ARRAY, "[] []").detail()).contains("after the closing ]");
        assertThat(problemOf(Format.JSON_ARRAY, "[" + validBar(0) + "] x")).satisfies(status(400));
    }

    @Test
    void refusesTwoValuesOnOneNdjsonLine() {
        List<FieldError> errors = errors(problemOf(Format.NDJSON, validBar(0) + " " + validBar(1)));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e.index()).isZero());
    }

    @Test
    void refusesDuplicateFields() {
        IngestRejection problem = problemOf(Format.JSON_ARRAY, "[" + validBar(0).replace("{", "{\"open\":1,") + "]");

        assertThat(problem).satisfies(status(400));
        assertThat(problem.detail()).containsIgnoringCase("duplicate");
    }

    @Test
    void refusesAnEmptyOrBlankBodyInEveryFormat() {
        for (Format format : Format.values()) {
            for (String body : List.of("", " ", "\n\n", " \t\r\n  \n")) {
                IngestRejection problem = problemOf(format, body);

                assertThat(problem).as("%s %s", format, body.length()).satisfies(status(400));
                assertThat(problem.detail()).contains("empty");
                assertThat(errors(problem))
                        .singleElement()
                        .satisfies(e -> assertThat(e.index()).isNull());
            }
        }
    }
}

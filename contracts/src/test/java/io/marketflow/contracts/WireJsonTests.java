package io.marketflow.contracts;

import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.testkit.WireFields;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON shape of the wire types, read and written by Jackson 3 with its defaults, as Spring Boot 4 uses it. */
class WireJsonTests {

    // The example bar of the contract.
    private static final Bar EXAMPLE =
            Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000);

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsTheContractsBarExample() {
        String example = """
                {"symbol":"AAPL","timeframe":"1m","ts":"2025-10-15T14:30:00Z","open":190.0,"high":192.0,\
                "low":189.0,"close":191.5,"volume":1000}""";

        Bar bar = json.readValue(example, Bar.class);

        assertThat(bar).isEqualTo(EXAMPLE);
    }

    @Test
    void writesBarFieldsInSnakeCaseAndLeavesOutAbsentOptionalFields() {
        Bar withTrades = with(EXAMPLE, Map.of("vwap", 190.8, "tradeCount", 17L, "provider", "ibkr"));

        JsonNode tree = json.readTree(json.writeValueAsString(withTrades));
        JsonNode minimal = json.readTree(json.writeValueAsString(Bar.of("AAPL", "1m", withTrades.ts(), 1, 1, 1, 1, 0)));

        assertThat(tree.propertyNames()).containsExactlyInAnyOrderElementsOf(WireFields.BAR);
        assertThat(tree.get("trade_count").asLong()).isEqualTo(17);
        assertThat(tree.get("ts").asString()).isEqualTo("2025-10-15T14:30:00Z");
        assertThat(minimal.propertyNames()).doesNotContain("vwap", "trade_count", "provider");
    }

    @Test
    void roundTripsABarWithEveryField() {
        Bar bar = new Bar(
                "BTC/USD",
                "5s",
                Instant.parse("2025-10-15T14:30:05.250Z"),
                1.5,
                2.5,
                0.5,
                2.0,
                3.0,
                1.75,
                9L,
                "synthetic");

        assertThat(json.readValue(json.writeValueAsString(bar), Bar.class)).isEqualTo(bar);
    }

    @Test
    void readsATimestampWithAnOffsetAsTheSameInstant() {
        Bar bar = json.readValue(barWithTs("2025-10-15T16:30:00+02:00"), Bar.class);

        assertThat(bar.ts()).isEqualTo(Instant.parse("2025-10-15T14:30:00Z"));
    }

    @Test
    void rejectsATimestampWithoutAnOffset() {
        assertThatThrownBy(() -> json.readValue(barWithTs("2025-10-15T14:30:00"), Bar.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("2025-10-15T14:30:00");
    }

    @Test
    void doesNotWriteTheValidationHelpers() {
        String written = json.writeValueAsString(Bar.of("AAPL", "1m", Instant.EPOCH, 1, 2, 0.5, 1, 1));

        assertThat(written).doesNotContainIgnoringCase("valid");
        assertThat(json.readTree(written).propertyNames()).hasSize(8);
    }

    @Test
    void readsAndWritesOptionSnapshotInSnakeCase() {
        String text = """
                {"symbol":"AAPL","expiry":"2025-12-19","strike":200.0,"right":"P","ts":"2025-10-15T14:30:00Z",\
                "bid":3.1,"ask":3.2,"open_interest":12000,"volume":850}""";

        OptionSnapshot option = json.readValue(text, OptionSnapshot.class);

        assertThat(option.expiry()).isEqualTo(LocalDate.parse("2025-12-19"));
        assertThat(option.right()).isEqualTo("P");
        assertThat(option.openInterest()).isEqualTo(12_000L);
        JsonNode written = json.readTree(json.writeValueAsString(option));
        assertThat(written.get("open_interest").asLong()).isEqualTo(12_000L);
        assertThat(written.get("expiry").asString()).isEqualTo("2025-12-19");
        assertThat(written.propertyNames()).doesNotContain("openInterest", "last", "iv", "delta", "gamma");
        assertThat(json.readValue(json.writeValueAsString(option), OptionSnapshot.class))
                .isEqualTo(option);
    }

    @Test
    void readsAndWritesFundamentalsInSnakeCase() {
        String text = """
                {"symbol":"AAPL","as_of":"2025-09-30","market_cap":3.5e12,"pe_ratio":34.2,"eps":6.59,\
                "revenue":4.16e11,"net_income":1.12e11,"shares_outstanding":14800000000}""";

        Fundamentals fundamentals = json.readValue(text, Fundamentals.class);

        assertThat(fundamentals)
                .isEqualTo(new Fundamentals(
                        "AAPL", LocalDate.parse("2025-09-30"), 3.5e12, 34.2, 6.59, 4.16e11, 1.12e11, 14_800_000_000L));
        assertThat(json.readTree(json.writeValueAsString(fundamentals)).propertyNames())
                .containsExactlyInAnyOrder(
                        "symbol",
                        "as_of",
                        "market_cap",
                        "pe_ratio",
                        "eps",
                        "revenue",
                        "net_income",
                        "shares_outstanding");
    }

    @Test
    void readsAndWritesNewsItemWithSymbolsAsAnArray() {
        String text = """
                {"id":"bz-1","ts":"2025-10-15T10:30:00-04:00","symbols":["AAPL","MSFT"],"headline":"Rally",\
                "sentiment":-0.25}""";

        NewsItem item = json.readValue(text, NewsItem.class);

        assertThat(item.ts()).isEqualTo(Instant.parse("2025-10-15T14:30:00Z"));
        assertThat(item.symbols()).containsExactly("AAPL", "MSFT");
        assertThat(item.sentiment()).isEqualTo(-0.25);
        assertThat(json.readTree(json.writeValueAsString(item)).get("symbols").isArray())
                .isTrue();
        assertThat(json.readValue(json.writeValueAsString(item), NewsItem.class))
                .isEqualTo(item);
    }

    @Test
    void readsANewsItemWithANullSymbolSoThatValidationCanReportIt() {
        NewsItem item = json.readValue("""
                {"id":"bz-1","ts":"2025-10-15T14:30:00Z","symbols":["AAPL",null],"headline":"Rally"}""", NewsItem.class);

        assertThat(item.symbols()).containsExactly("AAPL", null);
    }

    @Test
    void readsTheContractsFeedbackEventExample() {
        String example = """
                {"coordinator_id":"bars-coord","queue_size":8234,"capacity":10000,"level":"hard","reason":null,\
                "ts":"2025-10-15T14:30:00Z","seq":42}""";

        FeedbackEvent event = json.readValue(example, FeedbackEvent.class);

        assertThat(event)
                .isEqualTo(new FeedbackEvent(
                        "bars-coord",
                        8234,
                        10_000,
                        BackpressureLevel.HARD,
                        null,
                        Instant.parse("2025-10-15T14:30:00Z"),
                        42));
    }

    @Test
    void writesFeedbackEventInSnakeCaseWithLowerCaseLevelAndExplicitNullReason() {
        FeedbackEvent event = new FeedbackEvent("bars-coord", 10, 100, BackpressureLevel.SOFT, null, Instant.EPOCH, 7);

        JsonNode tree = json.readTree(json.writeValueAsString(event));

        assertThat(tree.propertyNames())
                .containsExactlyInAnyOrder("coordinator_id", "queue_size", "capacity", "level", "reason", "ts", "seq");
        assertThat(tree.get("level").asString()).isEqualTo("soft");
        assertThat(tree.get("reason").isNull()).isTrue();
        assertThat(json.readValue(json.writeValueAsString(event), FeedbackEvent.class))
                .isEqualTo(event);
    }

    @Test
    void roundTripsTheDrainRateAndQueueDelayOfThePacedLoop() {
        String example = """
                {"coordinator_id":"bars-coord","queue_size":120,"capacity":10000,"level":"ok","reason":null,\
                "ts":"2025-10-15T14:30:00Z","seq":43,"drain_rate":41250.5,"queue_delay_ms":37}""";

        FeedbackEvent event = json.readValue(example, FeedbackEvent.class);

        assertThat(event.drainRate()).isEqualTo(41_250.5);
        assertThat(event.queueDelayMs()).isEqualTo(37L);
        JsonNode tree = json.readTree(json.writeValueAsString(event));
        assertThat(tree.get("drain_rate").asDouble()).isEqualTo(41_250.5);
        assertThat(tree.get("queue_delay_ms").asLong()).isEqualTo(37L);
    }

    @Test
    void readsAnEventWithoutThePacedLoopFieldsAsAnOlderStoreSendsIt() {
        FeedbackEvent event = json.readValue("""
                {"coordinator_id":"bars-coord","queue_size":1,"capacity":10,"level":"ok","reason":null,\
                "ts":"2025-10-15T14:30:00Z","seq":1}""", FeedbackEvent.class);

        assertThat(event.drainRate()).isNull();
        assertThat(event.queueDelayMs()).isNull();
    }

    @Test
    void readsEveryLevelByItsWireName() {
        for (BackpressureLevel level : List.of(BackpressureLevel.OK, BackpressureLevel.SOFT, BackpressureLevel.HARD)) {
            String text = json.writeValueAsString(level);
            assertThat(json.readValue(text, BackpressureLevel.class)).isEqualTo(level);
        }
        assertThat(json.readValue("\"ok\"", BackpressureLevel.class)).isEqualTo(BackpressureLevel.OK);
    }

    @Test
    void rejectsAnUnknownLevel() {
        assertThatThrownBy(() -> json.readValue("\"critical\"", BackpressureLevel.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void rejectsAFeedbackEventWithoutSeqEvenWhenTheMapperReadsMissingPrimitivesAsZero() {
        JsonMapper lenient = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        String noSeq = """
                {"coordinator_id":"bars-coord","queue_size":1,"capacity":10,"level":"ok","ts":"2025-10-15T14:30:00Z"}""";

        assertThatThrownBy(() -> lenient.readValue(noSeq, FeedbackEvent.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("seq");
    }

    private static String barWithTs(String ts) {
        return """
                {"symbol":"AAPL","timeframe":"1m","ts":"%s","open":190.0,"high":192.0,"low":189.0,"close":191.5,\
                "volume":1000}""".formatted(ts);
    }
}

package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketflow.contracts.Bar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@link BarLookup} promises, whatever the database: stored bars when the timeframe is stored, otherwise
 * rollups equal to those computed independently in Java from the same 1m bars, over several New York sessions
 * with a lunch gap, a weekend, a DST change (2025-03-09) and evenings that cross UTC midnight; corrections and
 * late bars count on the next read. Each database path runs it through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BarReadContract {

    static final List<LocalDate> DAYS = List.of(
            LocalDate.of(2025, 3, 6),
            LocalDate.of(2025, 3, 7),
            LocalDate.of(2025, 3, 8),
            LocalDate.of(2025, 3, 9),
            LocalDate.of(2025, 3, 10),
            LocalDate.of(2025, 3, 11));

    static final LocalTime GAP_FROM = LocalTime.of(12, 0);
    static final LocalTime GAP_TO = LocalTime.of(12, 30);

    List<Bar> minutes;

    /** A JDBC URL of a migrated, empty database, user and password {@code postgres}. */
    abstract String jdbcUrl();

    abstract String user();

    abstract String password();

    /** The lookup under test, reading the database of {@link #jdbcUrl()}. */
    abstract BarLookup lookup();

    /** Called once before any data is stored: where a subclass starts or migrates its database. */
    void prepare() throws Exception {}

    @BeforeAll
    void storeMinuteBars() throws Exception {
        prepare();
        minutes = new ArrayList<>(MinuteBars.sessions("ROLL", DAYS, GAP_FROM, GAP_TO, 42));
        // One bar without vwap: that hour's and that day's vwap cannot be computed, so it must be absent.
        Bar noVwap = minutes.get(100);
        minutes.set(
                100,
                new Bar(
                        noVwap.symbol(),
                        "1m",
                        noVwap.ts(),
                        noVwap.open(),
                        noVwap.high(),
                        noVwap.low(),
                        noVwap.close(),
                        noVwap.volume(),
                        null,
                        noVwap.tradeCount(),
                        "other"));
        insert(minutes);
    }

    void insert(List<Bar> bars) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high,
                            low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap,
                            trade_count = EXCLUDED.trade_count, provider = EXCLUDED.provider""")) {
            for (Bar bar : bars) {
                insert.setString(1, bar.symbol());
                insert.setString(2, bar.timeframe());
                insert.setTimestamp(3, Timestamp.from(bar.ts()));
                insert.setDouble(4, bar.open());
                insert.setDouble(5, bar.high());
                insert.setDouble(6, bar.low());
                insert.setDouble(7, bar.close());
                insert.setDouble(8, bar.volume());
                insert.setObject(9, bar.vwap(), Types.DOUBLE);
                insert.setObject(10, bar.tradeCount(), Types.BIGINT);
                insert.setString(11, bar.provider());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    BarSeries read(String symbol, String timeframe, Instant from, Instant to, int limit, ZoneId zone) {
        return lookup().find(new BarQuery(symbol, timeframe, from, to, limit, zone))
                .block();
    }

    List<Bar> bars(BarSeries series) {
        return series.bars().collectList().block();
    }

    static void assertSameBars(List<Bar> actual, List<Bar> expected) {
        assertThat(actual)
                .extracting(Bar::ts)
                .containsExactlyElementsOf(expected.stream().map(Bar::ts).toList());
        for (int i = 0; i < expected.size(); i++) {
            Bar a = actual.get(i);
            Bar e = expected.get(i);
            assertThat(a.symbol()).isEqualTo(e.symbol());
            assertThat(a.timeframe()).isEqualTo(e.timeframe());
            assertThat(a.open()).as("open at %s", e.ts()).isEqualTo(e.open());
            assertThat(a.high()).as("high at %s", e.ts()).isEqualTo(e.high());
            assertThat(a.low()).as("low at %s", e.ts()).isEqualTo(e.low());
            assertThat(a.close()).as("close at %s", e.ts()).isEqualTo(e.close());
            // Sums may be added up in another order: equal up to rounding.
            assertThat(a.volume()).as("volume at %s", e.ts()).isCloseTo(e.volume(), within(1e-6));
            if (e.vwap() == null) {
                assertThat(a.vwap()).as("vwap at %s", e.ts()).isNull();
            } else {
                assertThat(a.vwap()).as("vwap at %s", e.ts()).isCloseTo(e.vwap(), within(1e-9 * e.vwap()));
            }
            assertThat(a.tradeCount()).as("trade_count at %s", e.ts()).isEqualTo(e.tradeCount());
            assertThat(a.provider()).as("provider at %s", e.ts()).isEqualTo(e.provider());
        }
    }

    @Test
    void rollsUpEveryIntradayTimeframeFromMinuteBars() {
        for (String timeframe : List.of("5m", "15m", "1h")) {
            BarSeries series = read("ROLL", timeframe, null, null, 10_000, ZoneOffset.UTC);

            assertThat(series.source()).isEqualTo("rollup:1m");
            Function<Instant, Instant> bucket = ReferenceRollup.fixed(Timeframe.size(timeframe));
            assertSameBars(bars(series), ReferenceRollup.rollup(minutes, timeframe, bucket, null, null));
        }
    }

    @Test
    void dailyBarsAreUtcDaysByDefault() {
        List<Bar> days = bars(read("ROLL", "1d", null, null, 10_000, ZoneOffset.UTC));

        assertSameBars(days, ReferenceRollup.rollup(minutes, "1d", ReferenceRollup.days(ZoneOffset.UTC), null, null));
        // New York evenings in winter end after UTC midnight: the first UTC day lacks that evening's bars.
        List<Bar> newYorkDays = bars(read("ROLL", "1d", null, null, 10_000, MinuteBars.NEW_YORK));
        assertThat(days.get(0).volume()).isLessThan(newYorkDays.get(0).volume());
        assertThat(days.get(1).open()).isNotEqualTo(newYorkDays.get(1).open());
    }

    @Test
    void dailyBarsAreNewYorkCalendarDaysAcrossTheDstChange() {
        List<Bar> days = bars(read("ROLL", "1d", null, null, 10_000, MinuteBars.NEW_YORK));

        assertSameBars(
                days, ReferenceRollup.rollup(minutes, "1d", ReferenceRollup.days(MinuteBars.NEW_YORK), null, null));
        assertThat(days)
                .extracting(Bar::ts)
                .containsExactly(
                        Instant.parse("2025-03-06T05:00:00Z"),
                        Instant.parse("2025-03-07T05:00:00Z"),
                        Instant.parse("2025-03-08T05:00:00Z"),
                        Instant.parse("2025-03-09T05:00:00Z"),
                        // From 2025-03-09 02:00 local, New York is UTC-4: the 9th is a 23-hour day.
                        Instant.parse("2025-03-10T04:00:00Z"),
                        Instant.parse("2025-03-11T04:00:00Z"));
    }

    @Test
    void aRangeSelectsTheBucketsThatStartInsideIt() {
        Instant from = Instant.parse("2025-03-07T15:07:00Z");
        Instant to = Instant.parse("2025-03-07T18:01:30Z");

        List<Bar> hours = bars(read("ROLL", "1h", from, to, 10_000, ZoneOffset.UTC));

        assertSameBars(
                hours, ReferenceRollup.rollup(minutes, "1h", ReferenceRollup.fixed(Duration.ofHours(1)), from, to));
        assertThat(hours).extracting(Bar::ts).first().isEqualTo(Instant.parse("2025-03-07T16:00:00Z"));
        assertThat(hours).extracting(Bar::ts).last().isEqualTo(Instant.parse("2025-03-07T18:00:00Z"));

        Instant dayFrom = Instant.parse("2025-03-08T00:00:00Z");
        List<Bar> days = bars(read("ROLL", "1d", dayFrom, null, 10_000, MinuteBars.NEW_YORK));
        assertSameBars(
                days, ReferenceRollup.rollup(minutes, "1d", ReferenceRollup.days(MinuteBars.NEW_YORK), dayFrom, null));
        assertThat(days).extracting(Bar::ts).first().isEqualTo(Instant.parse("2025-03-08T05:00:00Z"));
    }

    @Test
    void limitKeepsTheOldestBuckets() {
        List<Bar> hours = bars(read("ROLL", "1h", null, null, 3, ZoneOffset.UTC));

        assertSameBars(
                hours,
                ReferenceRollup.rollup(minutes, "1h", ReferenceRollup.fixed(Duration.ofHours(1)), null, null)
                        .subList(0, 3));
    }

    @Test
    void correctedAndLateBarsShowOnTheNextRead() throws Exception {
        List<Bar> bars = new ArrayList<>(MinuteBars.sessions("LATE", DAYS.subList(0, 1), GAP_FROM, GAP_TO, 7));
        insert(bars);
        Function<Instant, Instant> hour = ReferenceRollup.fixed(Duration.ofHours(1));
        assertSameBars(
                bars(read("LATE", "1h", null, null, 10_000, ZoneOffset.UTC)),
                ReferenceRollup.rollup(bars, "1h", hour, null, null));

        Bar corrected = MinuteBars.corrected(bars.get(30), 150);
        bars.set(30, corrected);
        Bar late = new Bar(
                "LATE",
                "1m",
                LocalDate.of(2025, 3, 6)
                        .atTime(12, 10)
                        .atZone(MinuteBars.NEW_YORK)
                        .toInstant(),
                50.0,
                60.0,
                40.0,
                55.0,
                123.0,
                51.0,
                4L,
                "synthetic");
        bars.add(late);
        insert(List.of(corrected, late));

        List<Bar> expected = ReferenceRollup.rollup(bars, "1h", hour, null, null);
        assertSameBars(bars(read("LATE", "1h", null, null, 10_000, ZoneOffset.UTC)), expected);
        assertThat(expected).anySatisfy(bar -> assertThat(bar.high()).isEqualTo(corrected.high()));
        assertSameBars(
                bars(read("LATE", "1d", null, null, 10, MinuteBars.NEW_YORK)),
                ReferenceRollup.rollup(bars, "1d", ReferenceRollup.days(MinuteBars.NEW_YORK), null, null));
    }

    @Test
    void storedBarsOfTheTimeframeWinOverARollup() throws Exception {
        Bar stored = new Bar(
                "STORED", "5m", Instant.parse("2025-03-06T15:00:00Z"), 9.0, 9.0, 9.0, 9.0, 90.0, null, null, null);
        insert(List.of(stored, Bar.of("STORED", "1m", Instant.parse("2025-03-06T15:00:00Z"), 1, 1, 1, 1, 10)));

        BarSeries series = read("STORED", "5m", null, null, 100, ZoneOffset.UTC);

        assertThat(series.source()).isEqualTo("stored");
        assertThat(bars(series)).containsExactly(stored);
    }

    @Test
    void rollsUpFromTheFinestStoredTimeframe() throws Exception {
        Instant minute = Instant.parse("2025-03-06T15:00:00Z");
        List<Bar> seconds = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            seconds.add(Bar.of("FINE", "1s", minute.plusSeconds(i), 10 + i, 11 + i, 9 + i, 10.5 + i, i));
        }
        insert(seconds);
        insert(List.of(Bar.of("FINE", "1m", minute, 1, 1, 1, 1, 1)));

        BarSeries series = read("FINE", "1m", null, null, 100, ZoneOffset.UTC);
        assertThat(series.source()).isEqualTo("stored");

        BarSeries fiveMinutes = read("FINE", "5m", null, null, 100, ZoneOffset.UTC);
        assertThat(fiveMinutes.source()).isEqualTo("rollup:1s");
        assertSameBars(
                bars(fiveMinutes),
                ReferenceRollup.rollup(seconds, "5m", ReferenceRollup.fixed(Duration.ofMinutes(5)), null, null));
    }

    @Test
    void hourBarsDoNotRollUpIntoDaysOfAHalfHourZone() throws Exception {
        insert(List.of(Bar.of("HOURS", "1h", Instant.parse("2025-03-06T15:00:00Z"), 1, 2, 1, 2, 10)));

        assertThat(bars(read("HOURS", "1d", null, null, 100, ZoneId.of("Asia/Kolkata"))))
                .isEmpty();
        BarSeries utc = read("HOURS", "1d", null, null, 100, ZoneOffset.UTC);
        assertThat(utc.source()).isEqualTo("rollup:1h");
        assertThat(bars(utc)).extracting(Bar::ts).containsExactly(Instant.parse("2025-03-06T00:00:00Z"));
    }

    @Test
    void anEmptyRangeIsAnEmptyStoredSeries() {
        BarSeries series = read("ROLL", "1h", Instant.parse("2030-01-01T00:00:00Z"), null, 100, ZoneOffset.UTC);

        assertThat(series.source()).isEqualTo("stored");
        assertThat(bars(series)).isEmpty();
        assertThat(bars(read("NOSUCH", "1d", null, null, 100, ZoneOffset.UTC))).isEmpty();
    }

    @Test
    void latestIsTheNewestBarOfEachSymbolInRequestOrder() throws Exception {
        insert(List.of(
                Bar.of("NEWEST", "1m", Instant.parse("2025-03-06T15:00:00Z"), 1, 1, 1, 1, 1),
                Bar.of("NEWEST", "1m", Instant.parse("2025-03-06T15:01:00Z"), 2, 2, 2, 2, 2),
                Bar.of("NEWEST", "5m", Instant.parse("2025-03-06T15:05:00Z"), 3, 3, 3, 3, 3)));

        List<Bar> latest = lookup().latest(List.of("NEWEST", "NOSUCH", "ROLL"), "1m")
                .collectList()
                .block();

        assertThat(latest).extracting(Bar::symbol).containsExactly("NEWEST", "ROLL");
        assertThat(latest.get(0).close()).isEqualTo(2.0);
        assertThat(latest.get(1)).isEqualTo(minutes.get(minutes.size() - 1));
    }
}

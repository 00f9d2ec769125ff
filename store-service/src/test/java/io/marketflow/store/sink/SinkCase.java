package io.marketflow.store.sink;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One kind's test data for {@link UpsertSinkIntegrationTests}: items by key and version, an item the database
 * refuses (a check constraint, a NUL byte in text, ...), and items that stress its columns' encoding.
 *
 * @param items an item whose key is made from the string and whose other columns from the version
 * @param awkward items that must be stored exactly: extreme, null and escaped values of every column
 */
record SinkCase<T>(Table<T> table, BiFunction<String, Integer, T> items, T rejected, List<T> awkward) {

    static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");
    static final LocalDate EXPIRY = LocalDate.of(2025, 12, 19);
    static final LocalDate AS_OF = LocalDate.of(2025, 9, 30);

    /** Every column, nulls for the optional ones, extreme doubles and timestamps, and a provider needing escapes. */
    static final SinkCase<Bar> BARS = new SinkCase<>(
            Tables.BARS,
            (key, version) -> {
                double price = 100 + version;
                return new Bar(
                        key,
                        "1m",
                        T0,
                        price,
                        price + 2,
                        price - 1,
                        price + 1,
                        1000.0 + version,
                        price,
                        (long) version,
                        "p" + version);
            },
            Bar.of("NUL\u0000", "1m", T0, 1, 2, 0.5, 1.5, 10),
            List.of(
                    new Bar(
                            "AAPL",
                            "1m",
                            Instant.parse("2025-10-15T14:30:00.123456Z"),
                            190.0,
                            192.0,
                            189.0,
                            191.5,
                            1000.0,
                            190.7,
                            42L,
                            "ibkr"),
                    Bar.of("BRK.B", "1d", Instant.parse("1999-12-31T23:59:59.999999Z"), 1.0, 2.0, 0.5, 1.5, 0.0),
                    new Bar(
                            "X",
                            "5s",
                            Instant.parse("1969-07-20T20:17:40Z"),
                            1e-9,
                            1e300,
                            1e-300,
                            1.0,
                            0.0,
                            null,
                            Long.MAX_VALUE,
                            "fournisseur \"é\" \\ 数据 😀")));

    /**
     * Contracts told apart by strike, right and expiry. The key varies the symbol and, through its hash, the right,
     * so both C and P rows are exercised.
     */
    static final SinkCase<OptionSnapshot> OPTIONS = new SinkCase<>(
            Tables.OPTION_SNAPSHOTS,
            (key, version) -> new OptionSnapshot(
                    key,
                    EXPIRY,
                    190.0,
                    (key.hashCode() & 1) == 0 ? "C" : "P",
                    T0,
                    1.0 + version,
                    1.2 + version,
                    1.1 + version,
                    0.25,
                    0.5,
                    0.01,
                    100L + version,
                    (long) version),
            new OptionSnapshot("AAPL", EXPIRY, 190.0, "X", T0, null, null, null, null, null, null, null, null),
            List.of(
                    new OptionSnapshot("AAPL", EXPIRY, 190.0, "C", T0, 1.0, 1.2, 1.1, 0.25, 0.55, 0.02, 1500L, 30L),
                    new OptionSnapshot("AAPL", EXPIRY, 190.0, "P", T0, 2.0, 2.2, 2.1, 0.3, -0.45, 0.02, 900L, 10L),
                    new OptionSnapshot("AAPL", EXPIRY, 192.5, "C", T0, null, null, null, null, null, null, null, null),
                    new OptionSnapshot(
                            "AAPL",
                            LocalDate.of(1999, 1, 15),
                            190.0,
                            "C",
                            Instant.parse("1999-01-04T15:00:00.000001Z"),
                            0.0,
                            0.0,
                            0.0,
                            0.0,
                            0.0,
                            0.0,
                            0L,
                            0L)));

    /** Keyed by date: two dates of one symbol, negative and absent figures. */
    static final SinkCase<Fundamentals> FUNDAMENTALS = new SinkCase<>(
            Tables.FUNDAMENTALS,
            (key, version) -> new Fundamentals(
                    key, AS_OF, 3.0e12 + version, 30.0 + version, 6.5, 3.9e11, 9.7e10, 15_000_000_000L + version),
            new Fundamentals("NUL\u0000", AS_OF, null, null, null, null, null, null),
            List.of(
                    new Fundamentals("AAPL", AS_OF, 3.5e12, 31.2, 6.43, 3.91e11, 9.4e10, 15_204_137_000L),
                    new Fundamentals("AAPL", LocalDate.of(1999, 6, 30), null, -4.5, -0.01, 0.0, -1.5e9, null),
                    new Fundamentals("MSFT", AS_OF, null, null, null, null, null, null)));

    /** Symbol arrays intact, with elements that need quoting and none at all; text with escapes and emoji. */
    static final SinkCase<NewsItem> NEWS = new SinkCase<>(
            Tables.NEWS,
            (key, version) -> new NewsItem(
                    key,
                    T0.plusSeconds(version),
                    List.of("AAPL", "MSFT"),
                    "headline " + version,
                    "wire",
                    "https://example.com/" + key,
                    "summary " + version,
                    version % 2 == 0 ? 0.5 : -0.5),
            new NewsItem("too-happy", T0, List.of("AAPL"), "best day ever", null, null, null, 5.0),
            List.of(
                    new NewsItem(
                            "n-1",
                            Instant.parse("2025-10-15T14:30:00.5Z"),
                            List.of("AAPL", "BRK.B", "ES:CME"),
                            "Apple, \"Berkshire\" & {futures} \\ rally 📈",
                            "wire",
                            "https://example.com/a?b=c",
                            "line one\nline two\ttabbed",
                            1.0),
                    new NewsItem(
                            "n-2",
                            T0,
                            List.of("a,b", "{x}", "q\"uote", "back\\slash", "NULL", ""),
                            "symbols that need quoting",
                            null,
                            null,
                            null,
                            -1.0),
                    new NewsItem("n-3", T0, List.of(), "market-wide", null, null, null, null)));

    static final List<SinkCase<?>> ALL = List.of(BARS, OPTIONS, FUNDAMENTALS, NEWS);

    T item(String key, int version) {
        return items.apply(key, version);
    }

    /** The sink under test. */
    UpsertSink<T> sink(ConnectionFactory connections, Duration timeout, WriteMethod method) {
        return new UpsertSink<>(table.name(), table, connections, timeout, method);
    }

    @Override
    public String toString() {
        return table.name();
    }
}

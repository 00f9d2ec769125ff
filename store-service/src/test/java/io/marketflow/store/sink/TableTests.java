package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableTests {

    @Test
    void upsertsBarsFromOneArrayPerColumn() {
        assertThat(Tables.BARS.upsertFromUnnestSql())
                .isEqualTo("INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count,"
                        + " provider) SELECT symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count,"
                        + " provider FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[],"
                        + " $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::int8[], $11::text[])"
                        + " AS u(symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider)"
                        + " ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET open = EXCLUDED.open,"
                        + " high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,"
                        + " volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count,"
                        + " provider = EXCLUDED.provider");
    }

    @Test
    void upsertsFromTheStageWithTheSameConflictClause() {
        assertThat(Tables.FUNDAMENTALS.upsertFromStageSql())
                .isEqualTo("INSERT INTO fundamentals (symbol, as_of, market_cap, pe_ratio, eps, revenue, net_income,"
                        + " shares_outstanding) SELECT symbol, as_of, market_cap, pe_ratio, eps, revenue, net_income,"
                        + " shares_outstanding FROM pg_temp.mds_stage_fundamentals ON CONFLICT (symbol, as_of)"
                        + " DO UPDATE SET market_cap = EXCLUDED.market_cap, pe_ratio = EXCLUDED.pe_ratio,"
                        + " eps = EXCLUDED.eps, revenue = EXCLUDED.revenue, net_income = EXCLUDED.net_income,"
                        + " shares_outstanding = EXCLUDED.shares_outstanding");
    }

    @Test
    void bindsEachNewsItemsSymbolsAsOneArrayLiteral() {
        NewsItem item = new NewsItem("n", Instant.EPOCH, List.of("A", "b\"c", "d\\e"), "h", null, null, null, null);

        BinaryArray[] arrays = Tables.NEWS.unnestArrays(Tables.NEWS.values(List.of(item)));

        assertThat(BinaryArrayTests.textElements(arrays[2])).containsExactly("{\"A\",\"b\\\"c\",\"d\\\\e\"}");
        assertThat(Tables.NEWS.upsertFromUnnestSql()).contains("SELECT id, ts, symbols::text[], headline");
    }

    @Test
    void keysBarsByMicrosecond() {
        Bar bar = Bar.of("A", "1m", Instant.parse("2025-01-01T00:00:00.123456789Z"), 1, 1, 1, 1, 1);
        Bar sameMicrosecond = Bar.of("A", "1m", Instant.parse("2025-01-01T00:00:00.123456001Z"), 2, 2, 2, 2, 2);
        Bar nextMicrosecond = Bar.of("A", "1m", Instant.parse("2025-01-01T00:00:00.123457Z"), 3, 3, 3, 3, 3);

        Object[][] values = Tables.BARS.values(List.of(bar, sameMicrosecond, nextMicrosecond));

        assertThat(values)
                .as("the rows of sameMicrosecond and nextMicrosecond, in that order")
                .isDeepEqualTo(Tables.BARS.values(List.of(sameMicrosecond, nextMicrosecond)));
        assertThat(values[2])
                .containsExactly(
                        Instant.parse("2025-01-01T00:00:00.123456Z"), Instant.parse("2025-01-01T00:00:00.123457Z"));
        assertThat(values[3]).containsExactly(2.0, 3.0);
    }

    /** The coordinator keeps two versions of a row apart by this hash: it must see them as one key. */
    @Test
    void hashesTheKeyAsTheRowIsKeyed() {
        Instant ts = Instant.parse("2025-01-01T00:00:00.123456789Z");
        Bar bar = Bar.of("A", "1m", ts, 1, 1, 1, 1, 1);

        assertThat(Tables.BARS.keyHash(Bar.of("A", "1m", ts.minusNanos(788), 2, 2, 2, 2, 2)))
                .as("same microsecond, other values")
                .isEqualTo(Tables.BARS.keyHash(bar));
        assertThat(Stream.of(
                                Bar.of("B", "1m", ts, 1, 1, 1, 1, 1),
                                Bar.of("A", "5m", ts, 1, 1, 1, 1, 1),
                                Bar.of("A", "1m", ts.plusNanos(1_000), 1, 1, 1, 1, 1))
                        .map(Tables.BARS::keyHash))
                .as("another symbol, timeframe or microsecond")
                .doesNotContain(Tables.BARS.keyHash(bar));
    }

    @Test
    void readsABatchWithoutDuplicatesAsItIs() {
        List<Bar> batch = List.of(
                Bar.of("A", "1m", Instant.EPOCH, 1, 1, 1, 1, 1), Bar.of("A", "5m", Instant.EPOCH, 1, 1, 1, 1, 1));

        Object[][] values = Tables.BARS.values(batch);

        assertThat(values)
                .as("every column, both rows")
                .hasDimensions(Tables.BARS.columns().size(), 2);
        assertThat(values[1]).containsExactly("1m", "5m");
    }

    @Test
    void refusesAKeyThatIsNotAColumn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Table<>(
                        "bars", Bar.class, List.of(Column.of("symbol", PgType.TEXT, Bar::symbol)), List.of("ts")))
                .withMessageContaining("key columns [ts]");
    }

    @Test
    void namesEachColumnAfterItsComponentInSnakeCase() {
        assertThat(Tables.FUNDAMENTALS.columnList())
                .isEqualTo("symbol, as_of, market_cap, pe_ratio, eps, revenue, net_income, shares_outstanding");
        assertThat(Tables.OPTION_SNAPSHOTS.columns())
                .extracting(Column::name, Column::type)
                .contains(tuple("option_right", PgType.BPCHAR), tuple("open_interest", PgType.INT8));
    }

    @Test
    void refusesAnExceptionForAComponentTheRecordDoesNotHave() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        RecordColumns.of(Bar.class, Map.of("right", new RecordColumns.Stored("r", PgType.BPCHAR))))
                .withMessageContaining("Bar has no components [right]");
    }

    /** Items whose every component differs from the others of its type, so a column reading another would show. */
    static Stream<Arguments> tablesWithAnItem() {
        Instant ts = Instant.parse("2025-10-15T14:30:00.123456Z");
        return Stream.of(
                Arguments.of(
                        Tables.BARS, new Bar("AAPL", "1m", ts, 190.0, 192.0, 189.0, 191.5, 1000.0, 190.7, 42L, "ibkr")),
                Arguments.of(
                        Tables.OPTION_SNAPSHOTS,
                        new OptionSnapshot(
                                "AAPL",
                                LocalDate.of(2025, 12, 19),
                                190.0,
                                "C",
                                ts,
                                1.0,
                                1.2,
                                1.1,
                                0.25,
                                0.55,
                                0.02,
                                1500L,
                                30L)),
                Arguments.of(
                        Tables.FUNDAMENTALS,
                        new Fundamentals("AAPL", LocalDate.of(2025, 9, 30), 3.5e12, 31.2, 6.43, 3.91e11, 9.4e10, 15L)),
                Arguments.of(
                        Tables.NEWS,
                        new NewsItem("n-1", ts, List.of("AAPL", "MSFT"), "headline", "wire", "https://x", "sum", 0.5)));
    }

    /** Writing takes each column's value by its getter, reading puts it back by position: the two must agree. */
    @ParameterizedTest
    @MethodSource("tablesWithAnItem")
    <T> void readsEachColumnBackIntoTheComponentItWasWrittenFrom(Table<T> table, T item) {
        Object[] values =
                table.columns().stream().map(column -> column.valueOf(item)).toArray();

        assertThat(table.item(values)).isEqualTo(item);
    }

    record Quote(String symbol, Double price) {}

    @Test
    void refusesAnItemTypeWhoseComponentsAreNotTheColumns() {
        Column<Quote> symbol = Column.of("symbol", PgType.TEXT, Quote::symbol);
        Column<Quote> price = Column.of("price", PgType.FLOAT8, Quote::price);
        Column<Quote> count = Column.of("count", PgType.INT8, quote -> 1L);

        assertThat(new Table<>("quotes", Quote.class, List.of(symbol, price), List.of("symbol")).type())
                .isEqualTo(Quote.class);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Table<>("quotes", Quote.class, List.of(price, symbol), List.of("symbol")))
                .withMessageContaining("column price holds Double but component symbol of Quote is String");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Table<>("quotes", Quote.class, List.of(symbol, price, count), List.of("symbol")))
                .withMessageContaining("one component per column");
    }
}

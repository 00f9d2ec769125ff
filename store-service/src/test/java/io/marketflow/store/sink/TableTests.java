package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.NewsItem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTests {

    @Test
    void upsertsBarsFromOneArrayPerColumn() {
        assertThat(BarSink.TABLE.upsertFromUnnestSql())
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
        assertThat(FundamentalsSink.TABLE.upsertFromStageSql())
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

        Object[][] arrays = NewsSink.TABLE.unnestArrays(List.of(item));

        assertThat(arrays[2]).containsExactly("{\"A\",\"b\\\"c\",\"d\\\\e\"}");
        assertThat(NewsSink.TABLE.upsertFromUnnestSql()).contains("SELECT id, ts, symbols::text[], headline");
    }

    @Test
    void keysBarsByMicrosecond() {
        Bar bar = Bar.of("A", "1m", Instant.parse("2025-01-01T00:00:00.123456789Z"), 1, 1, 1, 1, 1);

        assertThat(BarSink.TABLE.key(bar)).containsExactly("A", "1m", Instant.parse("2025-01-01T00:00:00.123456Z"));
    }

    @Test
    void refusesAKeyThatIsNotAColumn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new Table<Bar>("bars", List.of(Column.of("symbol", PgType.TEXT, Bar::symbol)), List.of("ts")));
    }
}

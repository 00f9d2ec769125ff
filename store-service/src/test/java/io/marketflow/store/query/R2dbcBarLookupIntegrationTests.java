package io.marketflow.store.query;

import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** {@link R2dbcBarLookup} against a real, migrated PostgreSQL. */
class R2dbcBarLookupIntegrationTests {

    static R2dbcBarLookup lookup;

    @BeforeAll
    static void database() throws Exception {
        MigratedDatabase database = MigratedDatabase.create("barquery");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider)
                    VALUES ('AAPL', '1m', '2025-10-15T14:32:00Z', 3, 3, 3, 3, 30, NULL, NULL, NULL),
                           ('AAPL', '1m', '2025-10-15T14:30:00Z', 1, 1, 1, 1, 10, 1.5, 7, 'ibkr'),
                           ('AAPL', '1m', '2025-10-15T14:31:00Z', 2, 2, 2, 2, 20, NULL, NULL, NULL),
                           ('AAPL', '5m', '2025-10-15T14:30:00Z', 9, 9, 9, 9, 90, NULL, NULL, NULL),
                           ('MSFT', '1m', '2025-10-15T14:30:00Z', 8, 8, 8, 8, 80, NULL, NULL, NULL)
                    """);
        }
        lookup = new R2dbcBarLookup(DatabaseClient.create(database.connections()));
    }

    static List<Bar> find(String from, String to, int limit) {
        return lookup.find(new BarQuery(
                        "AAPL",
                        "1m",
                        from == null ? null : Instant.parse(from),
                        to == null ? null : Instant.parse(to),
                        limit))
                .flatMapMany(BarSeries::bars)
                .collectList()
                .block();
    }

    @Test
    void readsOneSymbolAndTimeframeOldestFirstWithEveryColumn() {
        List<Bar> bars = find(null, null, 1000);

        assertThat(bars).extracting(Bar::open).containsExactly(1.0, 2.0, 3.0);
        assertThat(bars.get(0))
                .isEqualTo(with(
                        Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 1, 1, 1, 1, 10),
                        Map.of("vwap", 1.5, "tradeCount", 7L, "provider", "ibkr")));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        assertThat(find("2025-10-15T14:31:00Z", "2025-10-15T14:32:00Z", 1000))
                .extracting(Bar::open)
                .containsExactly(2.0);
        assertThat(find("2025-10-15T14:31:00Z", null, 1000))
                .extracting(Bar::open)
                .containsExactly(2.0, 3.0);
        assertThat(find(null, "2025-10-15T14:31:00Z", 1000))
                .extracting(Bar::open)
                .containsExactly(1.0);
    }

    @Test
    void limitKeepsTheOldest() {
        assertThat(find(null, null, 2)).extracting(Bar::open).containsExactly(1.0, 2.0);
    }
}

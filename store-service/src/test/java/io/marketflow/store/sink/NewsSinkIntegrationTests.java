package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.NewsItem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NewsSinkIntegrationTests extends UpsertSinkContract<NewsItem> {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    NewsSinkIntegrationTests() {
        super(Tables.NEWS);
    }

    @Override
    NewsItem item(String key, int version) {
        return new NewsItem(
                key,
                T0.plusSeconds(version),
                List.of("AAPL", "MSFT"),
                "headline " + version,
                "wire",
                "https://example.com/" + key,
                "summary " + version,
                version % 2 == 0 ? 0.5 : -0.5);
    }

    @Override
    NewsItem rejectedItem() {
        return new NewsItem("too-happy", T0, List.of("AAPL"), "best day ever", null, null, null, 5.0);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void storesEveryColumnWithSymbolArraysIntact(WriteMethod method) throws Exception {
        NewsItem full = new NewsItem(
                "n-1",
                Instant.parse("2025-10-15T14:30:00.5Z"),
                List.of("AAPL", "BRK.B", "ES:CME"),
                "Apple, \"Berkshire\" & {futures} \\ rally 📈",
                "wire",
                "https://example.com/a?b=c",
                "line one\nline two\ttabbed",
                1.0);
        NewsItem awkwardSymbols = new NewsItem(
                "n-2",
                T0,
                List.of("a,b", "{x}", "q\"uote", "back\\slash", "NULL", ""),
                "symbols that need quoting",
                null,
                null,
                null,
                -1.0);
        NewsItem noSymbols = new NewsItem("n-3", T0, List.of(), "market-wide", null, null, null, null);

        sink(method).write(List.of(full, awkwardSymbols, noSymbols));

        assertThat(stored()).containsExactlyInAnyOrder(full, awkwardSymbols, noSymbols);
    }
}

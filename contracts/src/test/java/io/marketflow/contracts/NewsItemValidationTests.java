package io.marketflow.contracts;

import static io.marketflow.contracts.WireValidation.brokenFields;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewsItemValidationTests {

    private static final NewsItem VALID = new NewsItem(
            "bz-123456",
            Instant.parse("2025-10-15T14:30:00Z"),
            List.of("AAPL", "MSFT"),
            "Apple and Microsoft rally",
            "benzinga",
            "https://example.com/news/123456",
            "Both stocks rose after earnings.",
            0.6);

    @Test
    void acceptsAFullItemAndOneWithoutOptionalFields() {
        assertThat(brokenFields(VALID)).isEmpty();
        NewsItem minimal = new NewsItem("1", VALID.ts(), List.of(), "Markets open flat", null, null, null, null);
        assertThat(brokenFields(minimal)).isEmpty();
    }

    @Test
    void requiresIdTimestampSymbolsAndHeadline() {
        assertThat(brokenFields(with(VALID, "id", " "))).containsExactly("id");
        assertThat(brokenFields(with(VALID, "ts", null))).containsExactly("ts");
        assertThat(brokenFields(with(VALID, "symbols", null))).containsExactly("symbols");
        assertThat(brokenFields(with(VALID, "headline", ""))).containsExactly("headline");
    }

    @Test
    void reportsABadSymbolByItsIndex() {
        assertThat(brokenFields(with(VALID, "symbols", List.of("AAPL", "MSFT", "NOT A SYMBOL"))))
                .containsExactly("symbols[2]");
    }

    @Test
    void reportsANullSymbolByItsIndexInsteadOfFailingToConstruct() {
        assertThat(brokenFields(with(VALID, "symbols", Arrays.asList("AAPL", null))))
                .containsExactly("symbols[1]");
    }

    @Test
    void keepsItsOwnCopyOfTheSymbols() {
        List<String> symbols = new ArrayList<>(List.of("AAPL"));
        NewsItem item = with(VALID, "symbols", symbols);
        symbols.add("MSFT");
        assertThat(item.symbols()).containsExactly("AAPL");
    }

    @Test
    void acceptsAtMost64Symbols() {
        assertThat(brokenFields(with(VALID, "symbols", Collections.nCopies(64, "AAPL"))))
                .isEmpty();
        assertThat(brokenFields(with(VALID, "symbols", Collections.nCopies(65, "AAPL"))))
                .containsExactly("symbols");
    }

    @Test
    void limitsTheLengthOfTextFields() {
        assertThat(brokenFields(with(VALID, "id", "i".repeat(129)))).containsExactly("id");
        assertThat(brokenFields(with(VALID, "headline", "h".repeat(1025)))).containsExactly("headline");
        assertThat(brokenFields(with(VALID, "source", "s".repeat(129)))).containsExactly("source");
        assertThat(brokenFields(with(VALID, "url", "u".repeat(2049)))).containsExactly("url");
        assertThat(brokenFields(with(VALID, "summary", "s".repeat(16385)))).containsExactly("summary");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, 0.0, 1.0})
    void acceptsSentimentFromMinusOneToOne(double sentiment) {
        assertThat(brokenFields(with(VALID, "sentiment", sentiment))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsSentimentOutsideMinusOneToOne(double sentiment) {
        assertThat(brokenFields(with(VALID, "sentiment", sentiment))).containsExactly("sentiment");
    }
}

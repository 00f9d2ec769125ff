package io.marketflow.store.ingest;

import static io.marketflow.store.ingest.IngestBodyReaderTests.MAPPER;
import static io.marketflow.store.ingest.IngestBodyReaderTests.ROOMY;
import static io.marketflow.store.ingest.IngestBodyReaderTests.errors;
import static io.marketflow.store.ingest.IngestBodyReaderTests.reader;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.ingest.IngestBodyReader.Format;
import io.marketflow.store.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV bodies: framed into items with the JSON rules of binding, validation and all-or-nothing refusal. */
class CsvIngestTests {

    static <T> List<T> read(Class<T> type, String body, int chunk) {
        IngestBodyReader<T> reader = reader(type, Format.CSV, ROOMY);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            reader.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return reader.finish();
    }

    static IngestRejection refused(String body) {
        try {
            read(Bar.class, body, 7);
        } catch (IngestRejection problem) {
            return problem;
        }
        throw new AssertionError("expected the body to be refused: " + body);
    }

    @Test
    void readsColumnsInAnyOrderWithOptionalOnesAbsent() {
        String body = """
                ts,close,symbol,open,high,low,volume,timeframe
                2025-10-15T14:30:00Z,191.5,AAPL,190,192,189,1000,1m
                2025-10-15T14:31:00Z,192,AAPL,191.5,193,191,800,1m
                """;

        assertThat(read(Bar.class, body, 5))
                .containsExactly(
                        Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000),
                        Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:31:00Z"), 191.5, 193, 191, 192, 800));
    }

    @Test
    void readsQuotedFieldsCrlfLineEndsAByteOrderMarkAndEmptyCellsAsAbsent() {
        String body = "\uFEFFsymbol,timeframe,ts,open,high,low,close,volume,vwap,trade_count,provider\r\n"
                + "AAPL,1m,2025-10-15T14:30:00Z,190,192,189,191.5,1000,,42,\"ib, \"\"kr\"\"\"\r\n"
                + "\r\n"
                + "MSFT,1m,2025-10-15T14:30:00Z,1,1,1,1,0,1,,\r\n";

        // Chunks of one byte split every quote, CR and multi-byte character.
        assertThat(read(Bar.class, body, 1))
                .containsExactly(
                        with(
                                Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000),
                                Map.of("tradeCount", 42L, "provider", "ib, \"kr\"")),
                        with(Bar.of("MSFT", "1m", Instant.parse("2025-10-15T14:30:00Z"), 1, 1, 1, 1, 0), "vwap", 1.0));
    }

    @Test
    void readsListsAsSemicolonSeparatedAndDatesOfOtherKinds() {
        assertThat(read(NewsItem.class, """
                        id,ts,symbols,headline,sentiment
                        n-1,2025-10-15T14:30:00Z,AAPL;MSFT,"Apple, Microsoft rally",0.5
                        """, 3)).singleElement().satisfies(news -> {
            assertThat(news.symbols()).containsExactly("AAPL", "MSFT");
            assertThat(news.headline()).isEqualTo("Apple, Microsoft rally");
        });
        assertThat(read(OptionSnapshot.class, """
                        symbol,expiry,strike,right,ts,bid,ask,open_interest
                        AAPL,2025-12-19,200,C,2025-10-15T14:30:00Z,1.5,1.6,1200
                        """, 64)).singleElement().satisfies(option -> {
            assertThat(option.expiry()).isEqualTo(LocalDate.of(2025, 12, 19));
            assertThat(option.openInterest()).isEqualTo(1200L);
        });
    }

    @Test
    void refusesTheWholeBodyListingEachBadRowByIndexAndField() {
        IngestRejection problem = refused("""
                symbol,timeframe,ts,open,high,low,close,volume
                AAPL,1m,2025-10-15T14:30:00Z,190,192,189,191.5,1000
                AAPL,3m,2025-10-15T14:31:00Z,190,192,189,191.5,1000
                AAPL,1m,2025-10-15T14:32:00Z,abc,192,189,191.5,1000
                AAPL,1m,2025-10-15T14:33:00Z,190,192,189,191.5,
                """);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(errors(problem))
                .extracting(FieldError::index, FieldError::field)
                .containsExactly(tuple(1, "timeframe"), tuple(2, "open"), tuple(3, "volume"));
        assertThat(errors(problem).get(1).message()).isEqualTo("must be a number");
    }

    @Test
    void aRecordOfTheWrongWidthOrAnOpenQuoteIsAMalformedBody() {
        IngestRejection width = refused("""
                symbol,timeframe,ts,open,high,low,close,volume
                AAPL,1m,2025-10-15T14:30:00Z,190,192,189,191.5,1000,extra
                """);
        assertThat(width.detail()).contains("not valid CSV", "line 2 has 9 fields, the header names 8");
        assertThat(errors(width)).extracting(FieldError::index).containsExactly(0);

        assertThat(refused("symbol,timeframe\n\"AAPL,1m\n").detail()).contains("a quoted field is not closed");
        assertThat(refused("symbol,symbol\nA,B\n").detail()).contains("names symbol twice");
    }

    @Test
    void aHeaderWithoutRowsIsNoItems() {
        assertThat(read(Bar.class, "symbol,timeframe,ts\n", 4)).isEmpty();
        assertThat(MAPPER).isNotNull();
    }
}

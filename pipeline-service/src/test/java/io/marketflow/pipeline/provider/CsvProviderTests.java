package io.marketflow.pipeline.provider;

import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class CsvProviderTests {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private CsvProvider provider(String content, Set<String> symbols) throws IOException {
        Path file = dir.resolve("bars.csv");
        Files.writeString(file, content);
        return new CsvProvider("replay", file, "5m", symbols, VALIDATION.getValidator());
    }

    @Test
    void replaysRowsInOrderSkippingTheHeader() throws IOException {
        CsvProvider provider = provider("""
                symbol,timeframe,ts,open,high,low,close,volume
                AAPL,1m,2025-10-15T14:30:00Z,190.0,192.0,189.0,191.5,1000
                MSFT,1m,2025-10-15T16:31:00+02:00,400,401,399,400.5,20
                """, Set.of());

        StepVerifier.create(provider.bars())
                .expectNext(with(
                        Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000),
                        "provider",
                        "replay"))
                .assertNext(bar -> assertThat(bar.ts()).isEqualTo(Instant.parse("2025-10-15T14:31:00Z")))
                .verifyComplete();
    }

    @Test
    void skipsRowsThatDoNotParseOrBreakTheBarRules() throws IOException {
        CsvProvider provider = provider("""
                AAPL,1m,2025-10-15T14:30:00Z,190.0,192.0,189.0,191.5,1000
                AAPL,1m,not-a-time,190.0,192.0,189.0,191.5,1000
                AAPL,1m,2025-10-15T14:32:00Z,190.0,185.0,189.0,191.5,1000
                AAPL,1m,2025-10-15T14:33:00Z,190.0,192.0
                AAPL,1m,2025-10-15T14:34:00Z,190.0,192.0,189.0,191.5,1000
                """, Set.of());

        List<Bar> bars = provider.bars().collectList().block();

        assertThat(bars)
                .extracting(Bar::ts)
                .containsExactly(Instant.parse("2025-10-15T14:30:00Z"), Instant.parse("2025-10-15T14:34:00Z"));
    }

    @Test
    void fillsAnEmptyTimeframeAndFiltersConfiguredSymbols() throws IOException {
        CsvProvider provider = provider("""
                AAPL,,2025-10-15T14:30:00Z,190.0,192.0,189.0,191.5,1000
                MSFT,,2025-10-15T14:30:00Z,400,401,399,400.5,20
                """, Set.of("AAPL"));

        assertThat(provider.bars().collectList().block())
                .singleElement()
                .satisfies(bar -> assertThat(bar.timeframe()).isEqualTo("5m"));
    }

    @Test
    void readsOnlyWhatIsRequested() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            csv.append("AAPL,1m,")
                    .append(Instant.parse("2025-10-15T00:00:00Z").plusSeconds(60L * i))
                    .append(",10,11,9,10,1\n");
        }
        CsvProvider provider = provider(csv.toString(), Set.of());

        StepVerifier.create(provider.bars(), 0)
                .thenRequest(2)
                .expectNextCount(2)
                .thenCancel()
                .verify();
    }

    @Test
    void failsWhenTheFileIsMissing() {
        CsvProvider provider =
                new CsvProvider("replay", dir.resolve("missing.csv"), "1m", Set.of(), VALIDATION.getValidator());

        StepVerifier.create(provider.bars()).verifyError(java.nio.file.NoSuchFileException.class);
    }
}

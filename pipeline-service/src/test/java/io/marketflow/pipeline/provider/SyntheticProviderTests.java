package io.marketflow.pipeline.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.marketflow.contracts.Bar;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SyntheticProviderTests {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final Instant START = Instant.parse("2025-10-15T14:30:00Z");

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private final SyntheticProvider provider =
            new SyntheticProvider("ibkr", List.of("AAPL", "MSFT"), "1m", START.plusSeconds(59), 42);

    @Test
    void producesValidBarsWithUniqueKeys() {
        Validator validator = VALIDATION.getValidator();
        List<Bar> bars = provider.bars().take(2_000).collectList().block();

        Set<String> keys = new HashSet<>();
        for (Bar bar : bars) {
            assertThat(validator.validate(bar)).as("violations of %s", bar).isEmpty();
            assertThat(bar.provider()).isEqualTo("ibkr");
            keys.add(bar.symbol() + "|" + bar.timeframe() + "|" + bar.ts());
        }
        assertThat(keys).hasSize(2_000);
    }

    @Test
    void givesEachSymbolConsecutiveTimestampsFromTheRoundedStart() {
        List<Bar> bars = provider.bars().take(4).collectList().block();

        assertThat(bars)
                .extracting(Bar::symbol, Bar::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AAPL", START),
                        org.assertj.core.groups.Tuple.tuple("MSFT", START),
                        org.assertj.core.groups.Tuple.tuple("AAPL", START.plusSeconds(60)),
                        org.assertj.core.groups.Tuple.tuple("MSFT", START.plusSeconds(60)));
        assertThat(bars.get(2).open())
                .as("the walk continues from the last close")
                .isEqualTo(bars.get(0).close());
    }

    @Test
    void generatesOnlyWhatIsRequested() {
        AtomicLong emitted = new AtomicLong();

        StepVerifier.create(provider.bars().doOnNext(bar -> emitted.incrementAndGet()), 0)
                .expectSubscription()
                .thenRequest(3)
                .expectNextCount(3)
                .thenCancel()
                .verify();
        assertThat(emitted).hasValue(3);
    }

    @Test
    void isReproducibleForTheSameSeed() {
        assertThat(provider.bars().take(50).collectList().block())
                .isEqualTo(provider.bars().take(50).collectList().block());
    }

    @Test
    void rejectsAnUnknownTimeframe() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SyntheticProvider("x", List.of("AAPL"), "2m", START, 1))
                .withMessageContaining("timeframe");
    }
}

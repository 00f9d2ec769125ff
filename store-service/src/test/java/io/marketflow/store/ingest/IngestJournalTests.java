package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.store.coordinator.AdmissionJournal;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.JournalUnavailableException;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.ingest.TestCoordinators.MemorySink;
import io.marketflow.store.web.ProblemHandlingAdvice;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What a client is told when the journal cannot make its items durable: 503, never a 202. */
class IngestJournalTests {

    @RegisterExtension
    final StartedCoordinators started = new StartedCoordinators();

    @Test
    void aFullDiskIs503WithRetryAfterAndNothingIsQueued() {
        CoordinatorConfig config = TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO);
        AdmissionJournal<Bar> fullDisk = items -> {
            throw new JournalUnavailableException(
                    "the store cannot write its journal (No space left on device); nothing of this request was"
                            + " accepted",
                    Duration.ofSeconds(10),
                    null);
        };
        MemorySink<Bar> bars = new MemorySink<>();
        WriteCoordinator<Bar> coordinator = new WriteCoordinator<>(
                config, bars, error -> false, bars, CoordinatorListener.NONE, System::nanoTime, fullDisk);
        started.add(coordinator);
        IngestController controller = TestCoordinators.controller(
                coordinator,
                running(config),
                running(config),
                running(config),
                TestCoordinators.ingest(Ack.QUEUED, 1000, 1 << 20),
                IngestBodyReaderTests.VALIDATOR,
                Clock.systemUTC());
        WebTestClient client = WebTestClient.bindToController(controller)
                .controllerAdvice(new ProblemHandlingAdvice())
                .build();

        for (String ack : List.of("queued", "committed")) {
            client.post()
                    .uri("/ingest?ack=" + ack)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(IngestControllerTests.array(0, 3))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals(HttpHeaders.RETRY_AFTER, "10")
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Journal unavailable")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat(detail.toString()).contains("No space left on device"));
        }
        assertThat(coordinator.health().queueSize()).isZero();
    }

    private <T> WriteCoordinator<T> running(CoordinatorConfig config) {
        return started.running(config, new MemorySink<>());
    }
}

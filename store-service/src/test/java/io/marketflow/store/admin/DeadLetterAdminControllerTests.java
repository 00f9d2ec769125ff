package io.marketflow.store.admin;

import static io.marketflow.store.web.ProblemResponses.problem;
import static io.marketflow.testkit.WebAnswers.postOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.NewsItem;
import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.deadletter.DeadLetterShelf;
import io.marketflow.store.deadletter.FileDeadLetterQueue;
import io.marketflow.store.web.ProblemHandlingAdvice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The dead-letter admin endpoints over a real file queue and real coordinators writing to memory. */
class DeadLetterAdminControllerTests {

    @TempDir
    Path directory;

    FileDeadLetterQueue queue;
    DeadLetterShelf<Bar> barRecords;
    DeadLetterShelf<NewsItem> newsRecords;
    final List<Bar> written = new CopyOnWriteArrayList<>();
    final List<WriteCoordinator<?>> coordinators = new ArrayList<>();

    static final Bar BAR = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000);
    static final NewsItem NEWS = new NewsItem(
            "n-1", Instant.parse("2025-10-15T14:30:00Z"), List.of("AAPL"), "Apple ships", null, null, null, null);

    @BeforeEach
    void queue() {
        queue = new FileDeadLetterQueue(directory, JsonMapper.builder().build());
        barRecords = queue.shelf("bars", Bar.class);
        newsRecords = queue.shelf("news", NewsItem.class);
    }

    @AfterEach
    void shutDown() {
        coordinators.forEach(c -> c.shutdown(Duration.ofSeconds(5)));
    }

    <T> WriteCoordinator<T> coordinator(int capacity, BatchSink<T> sink, boolean start) {
        CoordinatorConfig config = CoordinatorConfig.builder("test-coord", capacity)
                .workers(1)
                .batching(100, Duration.ofMillis(5))
                .overflow(OverflowStrategy.ERROR, Duration.ZERO)
                .build();
        WriteCoordinator<T> coordinator = new WriteCoordinator<>(
                config, sink, e -> false, (items, error, attempts) -> {}, CoordinatorListener.NONE);
        if (start) {
            coordinator.start();
        }
        coordinators.add(coordinator);
        return coordinator;
    }

    static <T> BatchSink<T> sinkInto(List<T> written) {
        return new BatchSink<>() {
            @Override
            public void write(List<T> batch) {
                written.addAll(batch);
            }

            @Override
            public String name() {
                return "memory";
            }
        };
    }

    WebTestClient client(WriteCoordinator<Bar> bars) {
        WriteCoordinator<NewsItem> news = coordinator(100, sinkInto(new CopyOnWriteArrayList<>()), true);
        DeadLetterAdminController controller = new DeadLetterAdminController(
                queue, List.of(new ReplayTarget<>(barRecords, bars), new ReplayTarget<>(newsRecords, news)));
        return WebTestClient.bindToController(controller)
                .controllerAdvice(new ProblemHandlingAdvice())
                .build();
    }

    /** Replays through a started bar coordinator of {@code capacity} that writes into {@link #written}. */
    WebTestClient.BodyContentSpec replay(int capacity, String query) {
        return postOk(client(coordinator(capacity, sinkInto(written), true)), "/admin/dlq/replay" + query);
    }

    @Test
    void reportsRecordsAndItemsInAllAndPerKind() throws Exception {
        barRecords.deadLetter(List.of(BAR, BAR), "boom", 5);
        barRecords.deadLetter(List.of(BAR), "boom", 5);
        newsRecords.deadLetter(List.of(NEWS), "boom", 1);

        client(coordinator(100, sinkInto(written), false))
                .get()
                .uri("/admin/dlq")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("""
                        {"records":3,"items":4,"kinds":{"bars":{"records":2,"items":3},"news":{"records":1,"items":1}}}""", true);
    }

    @Test
    void replayWritesTheItemsAgainAndDeletesTheRecords() throws Exception {
        barRecords.deadLetter(List.of(BAR, BAR), "boom", 5);
        newsRecords.deadLetter(List.of(NEWS), "boom", 1);

        replay(100, "?max=10")
                .jsonPath("$.replayed")
                .isEqualTo(2)
                .jsonPath("$.items")
                .isEqualTo(3)
                .jsonPath("$.failed")
                .isEqualTo(0)
                .jsonPath("$.remaining")
                .isEqualTo(0)
                .jsonPath("$.kinds.bars.replayed")
                .isEqualTo(1);

        assertThat(written).containsExactly(BAR, BAR);
        assertThat(queue.size()).isZero();
    }

    @Test
    void replayStopsAfterMaxRecords() throws Exception {
        barRecords.deadLetter(List.of(BAR), "boom", 5);
        barRecords.deadLetter(List.of(BAR), "boom", 5);
        newsRecords.deadLetter(List.of(NEWS), "boom", 1);

        replay(100, "?max=2")
                .jsonPath("$.replayed")
                .isEqualTo(2)
                .jsonPath("$.remaining")
                .isEqualTo(1);

        assertThat(newsRecords.size()).isEqualTo(1);
    }

    @Test
    void keepsRecordsTheCoordinatorRefuses() throws Exception {
        barRecords.deadLetter(List.of(BAR, BAR, BAR), "boom", 5);

        replay(2, "")
                .jsonPath("$.replayed")
                .isEqualTo(0)
                .jsonPath("$.failed")
                .isEqualTo(1)
                .jsonPath("$.kinds.bars.error")
                .isNotEmpty();

        assertThat(barRecords.size()).isEqualTo(1);
        assertThat(written).isEmpty();
    }

    @Test
    void badMaxIs400NamingMax() {
        WebTestClient client = client(coordinator(100, sinkInto(written), false));

        for (String max : List.of("0", "-1", "ten", "10001")) {
            problem(client.post().uri("/admin/dlq/replay?max=" + max).exchange(), 400)
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("max");
        }
    }
}

package io.marketflow.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.coordinator.CommitResult;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.QueueFullException;
import io.marketflow.store.coordinator.WriteCoordinator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ReplayTests {

    @TempDir
    Path directory;

    private DeadLetterShelf<String> news;
    private final List<List<String>> resubmitted = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void threeRecords() throws IOException {
        news = new FileDeadLetterQueue(directory, JsonMapper.builder().build()).shelf("news", String.class);
        news.deadLetter(List.of("a1", "a2"), "e", 0);
        news.deadLetter(List.of("b1"), "e", 0);
        news.deadLetter(List.of("c1", "c2", "c3"), "e", 0);
    }

    @Test
    void resubmitsOldestFirstAndDeletesRecordsOnceCommitted() {
        ReplayResult result = news.replay(10, items -> {
            resubmitted.add(items);
            return CompletableFuture.completedFuture(new CommitResult(items.size(), 0));
        });

        assertThat(resubmitted).containsExactly(List.of("a1", "a2"), List.of("b1"), List.of("c1", "c2", "c3"));
        assertThat(result).isEqualTo(new ReplayResult(3, 6, 0, 0, null));
        assertThat(news.size()).isZero();
    }

    @Test
    void replaysAtMostMaxRecords() {
        ReplayResult result = news.replay(2, items -> {
            resubmitted.add(items);
            return CompletableFuture.completedFuture(new CommitResult(items.size(), 0));
        });

        assertThat(result.replayed()).isEqualTo(2);
        assertThat(result.remaining()).isEqualTo(1);
        assertThat(news.records(10)).flatExtracting(DeadLetterRecord::items).containsExactly("c1", "c2", "c3");
    }

    @Test
    void keepsARecordWhoseCommitFails() {
        ReplayResult result = news.replay(
                10,
                items -> items.contains("b1")
                        ? CompletableFuture.failedFuture(new IOException("disk full"))
                        : CompletableFuture.completedFuture(new CommitResult(items.size(), 0)));

        assertThat(result.replayed()).isEqualTo(2);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.remaining()).isEqualTo(1);
        assertThat(result.error()).contains("not committed").contains("disk full");
        assertThat(news.records(10)).flatExtracting(DeadLetterRecord::items).containsExactly("b1");
    }

    @Test
    void keepsEveryRecordWhenTheProcessDiesBeforeTheCommit() {
        // A crash mid-replay: the items were re-submitted but their commit never arrives.
        ReplayResult result = news.replay(10, Duration.ofMillis(100), items -> new CompletableFuture<>());

        assertThat(result.replayed()).isZero();
        assertThat(result.failed()).isEqualTo(3);
        assertThat(news.size()).isEqualTo(3);
    }

    @Test
    void stopsResubmittingAtTheFirstRefusalAndKeepsTheRest() {
        ReplayResult result = news.replay(10, items -> {
            if (items.contains("b1")) {
                throw QueueFullException.rejected(1, 0, Duration.ofSeconds(1));
            }
            resubmitted.add(items);
            return CompletableFuture.completedFuture(new CommitResult(items.size(), 0));
        });

        assertThat(resubmitted).containsExactly(List.of("a1", "a2"));
        assertThat(result).isEqualTo(new ReplayResult(1, 2, 1, 2, result.error()));
        assertThat(result.error()).contains("not re-submitted");
        assertThat(news.records(10)).flatExtracting(DeadLetterRecord::items).containsExactly("b1", "c1", "c2", "c3");
    }

    @Test
    void refusesASecondReplayOfTheSameKindWhileOneRuns() throws Exception {
        CompletableFuture<CommitResult> blocked = new CompletableFuture<>();
        CompletableFuture<ReplayResult> first = CompletableFuture.supplyAsync(() -> news.replay(1, items -> blocked));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> lockOf(news).isLocked());

        assertThatThrownBy(() -> news.replay(1, items -> blocked)).isInstanceOf(IllegalStateException.class);

        blocked.complete(new CommitResult(2, 0));
        assertThat(first.get(30, TimeUnit.SECONDS).replayed()).isEqualTo(1);
    }

    @Test
    void replaysThroughAWriteCoordinatorOnceTheDataIsFixed() throws Exception {
        Set<String> rejected = ConcurrentHashMap.newKeySet();
        rejected.add("bad");
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        BatchSink<String> sink = new BatchSink<>() {
            @Override
            public void write(List<String> batch) throws Exception {
                for (String item : batch) {
                    if (rejected.contains(item)) {
                        throw new IllegalArgumentException("rejected " + item);
                    }
                }
                written.addAll(batch);
            }

            @Override
            public String name() {
                return "strings";
            }
        };
        DeadLetterShelf<String> strings = new FileDeadLetterQueue(
                        directory, JsonMapper.builder().build())
                .shelf("strings", String.class, "strings-coord");
        WriteCoordinator<String> coordinator = new WriteCoordinator<>(
                CoordinatorConfig.builder("strings-coord", 100)
                        .batching(10, Duration.ofMillis(10))
                        .build(),
                sink,
                error -> false,
                strings,
                CoordinatorListener.NONE);
        coordinator.start();
        try {
            CommitResult first = coordinator
                    .submitMany(List.of("ok1", "bad", "ok2"), true)
                    .committed()
                    .get(30, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(new CommitResult(2, 1));
            assertThat(strings.records(10)).singleElement().satisfies(record -> {
                assertThat(record.items()).containsExactly("bad");
                assertThat(record.error()).isEqualTo("rejected bad");
                assertThat(record.attempts()).isEqualTo(1);
            });

            rejected.clear();
            ReplayResult replay = strings.replay(
                    10,
                    Duration.ofSeconds(5),
                    items -> coordinator.submitMany(items, true).committed());

            assertThat(replay).isEqualTo(new ReplayResult(1, 1, 0, 0, null));
            assertThat(written).containsExactlyInAnyOrder("ok1", "ok2", "bad");
        } finally {
            coordinator.shutdown(Duration.ofSeconds(5));
        }
    }

    private static ReentrantLock lockOf(DeadLetterShelf<?> kind) throws Exception {
        var queueField = DeadLetterShelf.class.getDeclaredField("queue");
        queueField.setAccessible(true);
        return ((FileDeadLetterQueue) queueField.get(kind)).replayLock(kind.kind());
    }
}

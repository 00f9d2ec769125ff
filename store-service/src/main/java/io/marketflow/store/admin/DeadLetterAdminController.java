package io.marketflow.store.admin;

import io.marketflow.store.deadletter.FileDeadLetterQueue;
import io.marketflow.store.deadletter.ReplayResult;
import io.marketflow.store.lane.Lanes;
import io.marketflow.store.web.IntParameter;
import io.marketflow.store.web.ProblemHandling;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /admin/dlq}: how many records and items the dead-letter queue holds, per kind.
 * {@code POST /admin/dlq/replay?max=N}: re-submits up to N records, oldest first per kind, and deletes each once
 * its items are committed. Both touch the disk and replay waits for commits, so they run off the event loop.
 */
@RestController
@RequestMapping("/admin/dlq")
class DeadLetterAdminController {

    static final int DEFAULT_MAX_RECORDS = 100;
    static final int MAX_RECORDS = 10_000;

    /** A replay answers within this; records not committed by then stay and are replayed again next time. */
    static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);

    private final FileDeadLetterQueue queue;
    private final List<ReplayTarget<?>> targets;

    /** Replays into each lane's coordinator from the dead-letter shelf that lane writes to. */
    @Autowired
    DeadLetterAdminController(FileDeadLetterQueue queue, Lanes lanes) {
        this(queue, lanes.all().stream().<ReplayTarget<?>>map(ReplayTarget::of).toList());
    }

    DeadLetterAdminController(FileDeadLetterQueue queue, List<ReplayTarget<?>> targets) {
        this.queue = queue;
        this.targets = List.copyOf(targets);
    }

    @GetMapping
    Mono<Map<String, Object>> size() {
        return offLoop(() -> {
            Map<String, Object> kinds = new LinkedHashMap<>();
            for (ReplayTarget<?> target : targets) {
                kinds.put(
                        target.kind(),
                        Map.of(
                                "records",
                                target.records().size(),
                                "items",
                                target.records().itemCount()));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("records", queue.size());
            body.put("items", queue.itemCount());
            body.put("kinds", kinds);
            return body;
        });
    }

    @PostMapping("/replay")
    Mono<Map<String, Object>> replay(@RequestParam(required = false) String max) {
        int budget = maxRecords(max);
        return offLoop(() -> {
            Map<String, Object> kinds = new LinkedHashMap<>();
            int replayed = 0;
            int failed = 0;
            long items = 0;
            int left = budget;
            for (ReplayTarget<?> target : targets) {
                ReplayResult result = replayOne(target, left);
                kinds.put(target.kind(), result);
                replayed += result.replayed();
                failed += result.failed();
                items += result.items();
                left = Math.max(0, left - result.replayed() - result.failed());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("replayed", replayed);
            body.put("items", items);
            body.put("failed", failed);
            body.put("remaining", queue.size());
            body.put("kinds", kinds);
            return body;
        });
    }

    private static ReplayResult replayOne(ReplayTarget<?> target, int maxRecords) {
        if (maxRecords == 0) {
            return new ReplayResult(0, 0, 0, target.records().size(), null);
        }
        try {
            return target.replay(maxRecords, REPLAY_TIMEOUT);
        } catch (IllegalStateException e) {
            throw ProblemHandling.conflict(e.getMessage());
        }
    }

    private static int maxRecords(String value) {
        Integer max = IntParameter.oneTo(MAX_RECORDS, value, DEFAULT_MAX_RECORDS);
        if (max == null) {
            throw ProblemHandling.invalidParameter("max", "must be an integer from 1 to " + MAX_RECORDS);
        }
        return max;
    }

    private static <R> Mono<R> offLoop(Callable<R> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
